package io.madoguchi.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.madoguchi.core.Channel;
import io.madoguchi.core.ValidationException;
import io.madoguchi.core.automation.TimeRuleFired;
import io.madoguchi.core.bot.BotEvent;
import io.madoguchi.core.feedback.Answer;
import io.madoguchi.core.feedback.FeedbackEvent;
import io.madoguchi.core.feedback.Question;
import io.madoguchi.core.feedback.QuestionKind;
import io.madoguchi.core.feedback.ResponseRecorded;
import io.madoguchi.core.feedback.SurveyResponse;
import io.madoguchi.core.feedback.SurveyTrigger;
import io.madoguchi.core.feedback.text.Sentiment;
import io.madoguchi.core.feedback.text.TextAnalysis;
import io.madoguchi.core.sla.SlaEvent;
import io.madoguchi.core.ticket.Attachment;
import io.madoguchi.core.ticket.AuthorKind;
import io.madoguchi.core.ticket.FieldChange;
import io.madoguchi.core.ticket.Message;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.ticket.Visibility;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class EventJsonTest {

    @Test
    void everyPermittedEventTypeOfTheLibraryHasASampleThatRoundTripsExactly() {
        Set<Class<?>> types = new HashSet<>();
        for (Class<?> root : List.of(DeskEvent.class, SlaEvent.class, FeedbackEvent.class, BotEvent.class)) {
            collectPermitted(root, types);
        }
        types.add(TimeRuleFired.class);
        assertThat(types).hasSizeGreaterThanOrEqualTo(34);

        List<SupportEvent> samples = EventSamples.all();
        assertThat(samples.stream().map(Object::getClass).collect(Collectors.toSet()))
            .containsExactlyInAnyOrderElementsOf(types);
        long position = 1;
        for (SupportEvent e : samples) {
            EventEnvelope env = new EventEnvelope(position++, e);
            String line = EventJson.toJson(env);
            assertThat(line).doesNotContain("\n");
            EventEnvelope back = EventJson.parse(line, 7);
            assertThat(back).as(e.type()).isEqualTo(env);
            assertThat(back.event().type()).isEqualTo(e.type());
            assertThat(EventJson.toJson(back)).isEqualTo(line);
        }
    }

    private static void collectPermitted(Class<?> type, Set<Class<?>> into) {
        if (type.isSealed()) {
            for (Class<?> sub : type.getPermittedSubclasses()) {
                collectPermitted(sub, into);
            }
        } else if (type.isRecord()) {
            into.add(type);
        }
    }

    @Test
    void theEnvelopeCarriesVersionPositionTypeTenantTimeAndStream() {
        SupportEvent e = EventSamples.all().get(2);
        String line = EventJson.toJson(new EventEnvelope(12, e));
        assertThat(line).startsWith("{\"schema_version\":1,\"position\":12,\"type\":\"desk.StatusChanged\","
            + "\"type_version\":1,\"tenant\":\"shop-a\",\"occurred_at\":\"2026-04-01T00:30:00.123456Z\","
            + "\"stream\":\"ticket:T1\",\"data\":{");
        assertThat(line).contains("\"from\":\"open\",\"to\":\"solved\"");
    }

    @Test
    void messageTextSubjectCustomFieldValuesAttachmentsAndCommentsAreNotExported() {
        Ticket t = EventSamples.ticket().toBuilder().subject("請求書が届かない（山田花子）")
            .customFields(Map.of("order_no", "A-99812")).build();
        Message m = new Message(EventSamples.T1, 1, Visibility.PUBLIC, AuthorKind.CUSTOMER, "tanaka",
            "電話番号は090-1234-5678です。解約したい。",
            List.of(new Attachment("保険証.jpg", "image/jpeg", 1234, "s3://bucket/保険証.jpg")), EventSamples.AT);
        SurveyResponse r = new SurveyResponse("r1", "inv1", EventSamples.TENANT, "csat-default", SurveyTrigger.ON_SOLVE,
            EventSamples.T1, EventSamples.TANAKA, null, null, Channel.EMAIL, EventSamples.AT,
            List.of(Answer.score("csat", 2), new Answer("free", null, "担当の鈴木さんが失礼でした")),
            "二度と使いません", null, new TextAnalysis("ja", List.of("鈴木さん"),
            new Sentiment(-0.9, Sentiment.Label.NEGATIVE), Set.of("対応"), null));
        List<SupportEvent> events = List.of(
            new TicketCreated(t, EventSamples.AGENT, EventSamples.AT, m, null),
            new MessageAdded(t, EventSamples.AGENT, EventSamples.AT, m),
            new DeliveryRequested(t, EventSamples.AGENT, EventSamples.AT, m, Channel.EMAIL),
            new CustomFieldsChanged(t, EventSamples.AGENT, EventSamples.AT,
                List.of(new FieldChange("order_no", "A-1", "A-99812"))),
            new ResponseRecorded(r, EventSamples.AT));
        StringWriter out = new StringWriter();
        long p = 1;
        for (SupportEvent e : events) {
            EventJson.write(new EventEnvelope(p++, e), out);
        }
        String text = out.toString();
        for (String secret : List.of("請求書", "山田", "A-99812", "A-1\"", "090-1234", "解約したい", "保険証", "s3://",
            "鈴木", "二度と")) {
            assertThat(text).doesNotContain(secret);
        }
        List<EventEnvelope> back = EventJson.readAll(new StringReader(text));
        assertThat(back).hasSize(5);
        MessageAdded added = (MessageAdded) back.get(1).event();
        assertThat(added.message().body()).isEmpty();
        assertThat(added.message().attachments()).isEmpty();
        assertThat(added.message().authorKind()).isEqualTo(AuthorKind.CUSTOMER);
        assertThat(added.ticket().subject()).isEmpty();
        assertThat(added.ticket().customFields()).isEmpty();
        assertThat(((CustomFieldsChanged) back.get(3).event()).changes())
            .containsExactly(new FieldChange("order_no", "", ""));
        SurveyResponse rb = ((ResponseRecorded) back.get(4).event()).response();
        assertThat(rb.comment()).isNull();
        assertThat(rb.answers()).containsExactly(Answer.score("csat", 2), new Answer("free", null, null));
        assertThat(rb.analysis().keyPhrases()).isEmpty();
        assertThat(rb.analysis().themes()).containsExactly("対応");
        assertThat(EventJson.redact(events.get(1))).isEqualTo(added);
    }

    @Test
    void aBadLineNamesItsLineAndFieldAndReadsNothingAfterIt() {
        List<String> lines = new ArrayList<>();
        long p = 1;
        for (SupportEvent e : EventSamples.all().subList(0, 3)) {
            lines.add(EventJson.toJson(new EventEnvelope(p++, e)));
        }
        lines.set(2, lines.get(2).replace("\"status\":\"open\"", "\"status\":\"対応中\""));
        String text = lines.get(0) + "\n\n" + lines.get(1) + "\n" + lines.get(2) + "\n";
        EventJson.LineReader reader = EventJson.reader(new StringReader(text));
        assertThat(reader.next()).isNotNull();
        assertThat(reader.next()).isNotNull();
        assertThatThrownBy(reader::next).isInstanceOfSatisfying(EventJsonException.class, ex -> {
            assertThat(ex).isInstanceOf(ValidationException.class);
            assertThat(ex.line()).isEqualTo(4);
            assertThat(ex.field()).isEqualTo("data.ticket.status");
            assertThat(ex.describe()).isEqualTo("line 4, field 'data.ticket.status': must be one of new, open, "
                + "pending, on_hold, solved, closed; was '対応中'");
        });
    }

    @Test
    void missingFieldsWrongTypesUnknownTypesNewerVersionsAndNonJsonAreNamed() {
        String ok = EventJson.toJson(new EventEnvelope(3, EventSamples.all().get(15)));
        assertThat(problem(ok.replace("\"policy\":\"プレミアム\",", "").replace(",\"policy\":\"プレミアム\"", "")))
            .isEqualTo("line 9, field 'data.policy': is required");
        assertThat(problem(ok.replace("\"position\":3", "\"position\":\"3\"")))
            .isEqualTo("line 9, field 'position': must be an integer");
        assertThat(problem(ok.replace("sla.PolicyApplied", "sla.Unknown")))
            .isEqualTo("line 9, field 'type': is not a known event type: 'sla.Unknown'");
        assertThat(problem(ok.replace("\"schema_version\":1", "\"schema_version\":2")))
            .isEqualTo("line 9, field 'schema_version': must be 1..1; was 2");
        assertThat(problem(ok.replace("2026-04-01T00:30:00.123456Z", "昨日")))
            .startsWith("line 9, field 'occurred_at': must be an ISO-8601 instant");
        assertThat(problem(ok.replace("\"tenant\":\"shop-a\"", "\"tenant\":\"\"")))
            .startsWith("line 9, field 'tenant': ");
        assertThat(problem("{\"schema_version\":1,")).startsWith("line 9: is not valid JSON");
        assertThat(problem("[1,2]")).isEqualTo("line 9: must be a JSON object");
    }

    @Test
    void aScoredAnswerCarriesItsQuestionsKindAndScaleSoThatATenPointCsatReadsBackOnItsOwnScale() {
        SurveyResponse r = new SurveyResponse("r2", "inv2", EventSamples.TENANT, "csat-10", SurveyTrigger.ON_SOLVE,
            EventSamples.T1, EventSamples.TANAKA, null, null, Channel.LINE, EventSamples.AT,
            List.of(Answer.score("csat", 9), Answer.score("nps", 10), new Answer("free", null, "とても丁寧でした")),
            null, null, null);
        ResponseRecorded e = new ResponseRecorded(r, List.of(Question.csat(10), Question.nps()), EventSamples.AT);
        String json = EventJson.toJson(new EventEnvelope(1, e));
        assertThat(json).contains("{\"question_id\":\"csat\",\"score\":9,\"kind\":\"csat\",\"scale_max\":10}")
            .contains("{\"question_id\":\"nps\",\"score\":10,\"kind\":\"nps\",\"scale_max\":10}")
            .contains("{\"question_id\":\"free\"}").doesNotContain("丁寧");

        ResponseRecorded back = (ResponseRecorded) EventJson.parse(json, 1).event();
        assertThat(back.question("csat")).get().extracting(Question::kind, Question::min, Question::max)
            .containsExactly(QuestionKind.CSAT, 1, 10);
        assertThat(back.question("nps")).get().extracting(Question::kind, Question::min, Question::max)
            .containsExactly(QuestionKind.NPS, 0, 10);
        assertThat(back.question("free")).isEmpty();
        assertThat(EventJson.redact(back)).isEqualTo(back);

        // a line written before answers carried their question reads back without them
        String older = json.replace(",\"kind\":\"csat\",\"scale_max\":10", "")
            .replace(",\"kind\":\"nps\",\"scale_max\":10", "");
        assertThat(((ResponseRecorded) EventJson.parse(older, 1).event()).questions()).isEmpty();

        assertThat(problem(json.replace("\"scale_max\":10}", "\"scale_max\":12}").replace("\"nps\",\"scale_max\":12",
            "\"nps\",\"scale_max\":10"))).isEqualTo("line 9, field 'data.response.answers[0].scale_max': a CSAT scale"
            + " runs from 1 to 3..10; was 1..12");
        assertThat(problem(json.replace("\"kind\":\"csat\",\"scale_max\":10", "\"kind\":\"csat\"")))
            .isEqualTo("line 9, field 'data.response.answers[0].scale_max': is required");
        assertThat(problem(json.replace("\"kind\":\"csat\"", "\"kind\":\"text\"")))
            .isEqualTo("line 9, field 'data.response.answers[0].kind': must be csat, nps or ces for a scored answer;"
                + " was 'text'");
    }

    private static String problem(String line) {
        try {
            EventJson.parse(line, 9);
        } catch (EventJsonException ex) {
            return ex.describe();
        }
        throw new AssertionError("no error for " + line);
    }
}
