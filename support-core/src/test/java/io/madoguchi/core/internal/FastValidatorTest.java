package io.madoguchi.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.madoguchi.core.AgentId;
import io.madoguchi.core.Channel;
import io.madoguchi.core.CustomerId;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.Violation;
import io.madoguchi.core.customer.ChannelIdentity;
import io.madoguchi.core.customer.NewCustomer;
import io.madoguchi.core.inbound.InboundMessage;
import io.madoguchi.core.ticket.AddMessage;
import io.madoguchi.core.ticket.Assign;
import io.madoguchi.core.ticket.Attachment;
import io.madoguchi.core.ticket.ChangePriority;
import io.madoguchi.core.ticket.ChangeStatus;
import io.madoguchi.core.ticket.ChangeTags;
import io.madoguchi.core.ticket.CreateTicket;
import io.madoguchi.core.ticket.Priority;
import io.madoguchi.core.ticket.SetComplaint;
import io.madoguchi.core.ticket.SetCustomFields;
import io.madoguchi.core.ticket.TicketType;
import io.madoguchi.core.ticket.Visibility;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The fast validation path must report exactly what Hibernate Validator reports, for good and bad commands. */
class FastValidatorTest {

    private static final CommandValidator VALIDATOR = new CommandValidator();
    private static final TicketId T = TicketId.of("T1");

    static Stream<Object> commands() {
        Attachment ok = new Attachment("請求書.pdf", "application/pdf", 10, "s3://b/k");
        Attachment bad = new Attachment(" ", "", -5, "x".repeat(3000));
        List<Attachment> withNull = new ArrayList<>(Arrays.asList(ok, null));
        Set<String> tagsWithNull = new HashSet<>(Arrays.asList("ok", null));
        return Stream.of(
            CreateTicket.builder(CustomerId.of("C1"), Channel.EMAIL, "件名", "本文").build(),
            new CreateTicket(null, null, null, null, null, null, null, false, null, null, null, null, null),
            new CreateTicket("", CustomerId.of("C1"), Channel.LINE, " ", List.of(bad, ok), Priority.LOW,
                TicketType.TASK, true, Set.of("a b", "ｘ".repeat(65), ""), Map.of(), AgentId.of("a"), null, "ja_JP"),
            new CreateTicket("件".repeat(251), CustomerId.of("C1"), Channel.LINE, "本", withNull, Priority.LOW,
                TicketType.TASK, true, tagsWithNull, Map.of(), null, null, "en-US"),
            AddMessage.reply(T, "こんにちは"),
            new AddMessage(null, null, "", null, -1),
            new AddMessage(T, Visibility.INTERNAL, "x".repeat(65_537), List.of(bad), 3),
            ChangeStatus.of(T, null),
            new ChangePriority(null, Priority.HIGH, -2),
            new SetComplaint(T, true, -1),
            new ChangeTags(T, Set.of("タグ", "空白 あり"), Set.of(), 0),
            new ChangeTags(T, null, null, 0),
            new SetCustomFields(T, null, Set.of(), 0),
            new Assign(null, null, null, -1),
            new NewCustomer("", List.of(), null, "1"),
            new NewCustomer("名前", Arrays.asList(ChannelIdentity.email("a@b.jp"), null), null, null),
            InboundMessage.of(Channel.LINE, ChannelIdentity.line("U0123456789abcdef0123456789abcdef"), "山田 花子",
                "注文番号 12 の配送状況を教えてください", "01JFB0EVENT"),
            new InboundMessage(Channel.LINE, null, "名前\n二行目", "", List.of(bad, ok), "", null, "件".repeat(251),
                "ja_JP", false),
            new InboundMessage(null, ChannelIdentity.phone("+81 90-1234-5678"), null, null, null, null, null, null,
                null, true),
            new Outer(new Inner(" ", List.of("一", "二", "三", "四")), List.of(new Inner("名", List.of()))),
            new Outer(null, List.of()),
            new Outer(new Inner("名前", List.of()), List.of(new Inner("", List.of("あ", "い", "う", "え")))));
    }

    /** A record reached through {@code @Valid} on a component, not in a list: checked with its own constraints. */
    record Inner(@NotBlank String name, @NotNull @Size(max = 3) List<String> parts) {
    }

    record Outer(@NotNull @Valid Inner inner, @NotNull List<@Valid Inner> more) {
    }

    @ParameterizedTest
    @MethodSource("commands")
    void fastPathMatchesHibernateValidator(Object command) {
        List<Violation> fast = new FastValidator().violations(command);
        assertThat(fast).as("supported").isNotNull();
        List<Violation> sorted = new ArrayList<>(fast);
        sorted.sort(Comparator.comparing(Violation::field).thenComparing(Violation::message));
        assertThat(sorted).isEqualTo(VALIDATOR.hibernateViolations(command));
        assertThat(VALIDATOR.violations(command)).isEqualTo(sorted);
    }

    @org.junit.jupiter.api.Test
    void badCommandsReportEveryFieldPath() {
        assertThat(VALIDATOR.violations(new AddMessage(null, null, "", null, -1))).extracting(Violation::field)
            .containsExactly("attachments", "body", "expectedVersion", "ticketId", "visibility");
        Attachment bad = new Attachment(" ", "", -5, "x".repeat(3000));
        assertThat(VALIDATOR.violations(new AddMessage(T, Visibility.PUBLIC, "本文", List.of(bad), 0)))
            .extracting(Violation::field)
            .containsExactly("attachments[0].contentType", "attachments[0].name", "attachments[0].size",
                    "attachments[0].uri");
        assertThat(VALIDATOR.violations(new ChangeTags(T, Set.of("空白 あり"), Set.of(), 0)))
            .containsExactly(new Violation("add[]", "must not contain whitespace"));
        assertThat(VALIDATOR.violations(new Outer(new Inner(" ", List.of("一", "二", "三", "四")), List.of())))
            .extracting(Violation::field).containsExactly("inner.name", "inner.parts");
    }
}
