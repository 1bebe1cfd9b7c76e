package io.madoguchi.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.madoguchi.core.agent.Agent;
import io.madoguchi.core.agent.AssignmentRequest;
import io.madoguchi.core.automation.AutomationEvent;
import io.madoguchi.core.customer.ChannelIdentity;
import io.madoguchi.core.customer.NewCustomer;
import io.madoguchi.core.customer.UpdateCustomer;
import io.madoguchi.core.feedback.Answer;
import io.madoguchi.core.feedback.SurveySubmission;
import io.madoguchi.core.feedback.text.Sentiment;
import io.madoguchi.core.feedback.text.TextAnalysis;
import io.madoguchi.core.sla.SlaTicket;
import io.madoguchi.core.ticket.AddMessage;
import io.madoguchi.core.ticket.Attachment;
import io.madoguchi.core.ticket.CreateTicket;
import io.madoguchi.core.ticket.SetCustomFields;
import io.madoguchi.core.ticket.TicketQuery;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Records carrying personal data must not print it: their toString ends up in logs and exception messages. */
class PersonalDataToStringTest {

    private static final String NAME = "山田 花子";
    private static final String PHONE = "090-1234-5678";
    private static final String EMAIL = "hanako@example.jp";
    private static final String BODY = "先月の請求書の金額が違います。" + NAME + "（" + PHONE + "、" + EMAIL + "）まで連絡ください。";
    private static final List<String> PERSONAL = List.of("山田", "花子", PHONE, EMAIL, "hanako", "請求書");

    private static final TenantId TENANT = TenantId.of("acme");
    private static final TicketId TICKET = TicketId.of("T-1");
    private static final Instant T0 = Instant.parse("2026-04-01T09:00:00Z");

    static Stream<Arguments> recordsWithPersonalData() {
        Agent agent = Agent.of(TENANT, AgentId.of("a-1"), NAME);
        return Stream.of(
            Arguments.of("AddMessage", AddMessage.reply(TICKET, BODY)),
            Arguments.of("CreateTicket", CreateTicket.builder(CustomerId.of("c-1"), Channel.EMAIL,
                NAME + "様からの請求書のお問い合わせ", BODY).customField("contact_phone", PHONE)
                .customField("contact_email", EMAIL).build()),
            Arguments.of("NewCustomer", NewCustomer.of(NAME, ChannelIdentity.email(EMAIL))),
            Arguments.of("UpdateCustomer", UpdateCustomer.of(CustomerId.of("c-1")).withName(NAME)),
            Arguments.of("AutomationEvent", new AutomationEvent(AutomationEvent.Kind.CUSTOMER_MESSAGE,
                SlaTicket.of(TENANT, TICKET, Channel.EMAIL), BODY, T0)),
            Arguments.of("SurveySubmission", new SurveySubmission(List.of(Answer.score("csat", 2),
                Answer.text("improve", BODY)), NAME + "です。" + PHONE + "に折り返しください。", "slow_response")),
            Arguments.of("Answer", Answer.text("improve", BODY)),
            Arguments.of("Answer", new Answer("csat", 1, BODY)),
            Arguments.of("Agent", agent),
            Arguments.of("Candidate", new AssignmentRequest.Candidate(agent, 3)),
            Arguments.of("TicketQuery", TicketQuery.builder().text(EMAIL).build()),
            Arguments.of("SetCustomFields", SetCustomFields.of(TICKET, Map.of("contact_name", NAME,
                "contact_phone", PHONE))),
            Arguments.of("Attachment", new Attachment("山田花子_" + PHONE + ".pdf", "application/pdf", 1024,
                "https://files.example.com/" + EMAIL + "/請求書.pdf")),
            Arguments.of("TextAnalysis", new TextAnalysis("ja", List.of("請求書", NAME, PHONE), Sentiment.of(-0.4),
                Set.of("billing"), null)));
    }

    @Test
    void aCommandNotYetValidatedDescribesItselfWithoutFailing() {
        assertThat(new AddMessage(null, null, null, null, 0, null)).hasToString(
            "AddMessage[null null, body=null, attachments=null, expectedVersion=0, null]");
        assertThat(new CreateTicket(null, null, null, null, null, null, null, false, null, null, null, null, null)
            .toString()).startsWith("CreateTicket[");
        assertThat(new NewCustomer(null, null, null, null).toString()).startsWith("NewCustomer[name=null");
        assertThat(new SetCustomFields(TICKET, null, null, 0).toString()).startsWith("SetCustomFields[T-1, set=null");
        assertThat(new Attachment(null, null, 0, null).toString()).startsWith("Attachment[name=null");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recordsWithPersonalData")
    void toStringNamesTheRecordButNotThePersonalData(String recordName, Object record) {
        String s = record.toString();
        assertThat(s).startsWith(recordName + "[");
        for (String personal : PERSONAL) {
            assertThat(s).as("%s must not print %s", recordName, personal).doesNotContain(personal);
        }
    }
}
