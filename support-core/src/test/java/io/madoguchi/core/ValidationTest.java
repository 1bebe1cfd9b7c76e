package io.madoguchi.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.madoguchi.core.agent.Agent;
import io.madoguchi.core.customer.ChannelIdentity;
import io.madoguchi.core.customer.NewCustomer;
import io.madoguchi.core.customer.UpdateCustomer;
import io.madoguchi.core.inbound.InboundMessage;
import io.madoguchi.core.inbound.Received;
import io.madoguchi.core.macro.Macro;
import io.madoguchi.core.ticket.AddMessage;
import io.madoguchi.core.ticket.Attachment;
import io.madoguchi.core.ticket.ChangeTags;
import io.madoguchi.core.ticket.CreateTicket;
import io.madoguchi.core.ticket.CustomFieldDefinition;
import io.madoguchi.core.ticket.FieldType;
import io.madoguchi.core.ticket.Priority;
import io.madoguchi.core.ticket.SetCustomFields;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.ticket.TicketQuery;
import io.madoguchi.core.ticket.TicketType;
import io.madoguchi.core.ticket.Visibility;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every kind of bad input gives a ValidationException naming each field, and nothing changes. */
class ValidationTest {

    private final DeskFixture f = new DeskFixture();
    private Ticket ticket;

    @BeforeEach
    void setUp() {
        f.desk.defineField(f.admin, CustomFieldDefinition.of("order_no", "注文番号", FieldType.TEXT).asRequired()
            .asCustomerEditable());
        f.desk.defineField(f.admin, CustomFieldDefinition.of("amount", "金額", FieldType.NUMBER));
        f.desk.defineField(f.admin, CustomFieldDefinition.of("delivery", "配達日", FieldType.DATE));
        f.desk.defineField(f.admin, CustomFieldDefinition.of("gift", "ギフト", FieldType.CHECKBOX));
        f.desk.defineField(f.admin, CustomFieldDefinition.dropdown("product", "製品", List.of("pos", "ec")));
        ticket = f.desk.createTicket(f.tanakaP, CreateTicket.builder(f.tanaka.id(), Channel.EMAIL, "返品について", "返品したいです")
            .customField("order_no", "A-100").build());
    }

    private void assertRejectedUnchanged(Executable call, String... fields) {
        Ticket before = f.desk.ticket(f.sato, ticket.id());
        int historyBefore = f.desk.history(f.sato, ticket.id()).size();
        int messagesBefore = f.desk.messages(f.sato, ticket.id()).size();
        int ticketsBefore = f.desk.query(f.sato, TicketQuery.builder().build()).tickets().size();
        int eventsBefore = f.events.size();
        Throwable thrown = org.junit.jupiter.api.Assertions.assertThrows(ValidationException.class, call);
        ValidationException e = (ValidationException) thrown;
        assertThat(e.violations()).extracting(Violation::field).containsExactlyInAnyOrder(fields);
        assertThat(e.violations()).allSatisfy(v -> assertThat(v.message()).isNotBlank());
        assertThat(f.desk.ticket(f.sato, ticket.id())).isEqualTo(before);
        assertThat(f.desk.history(f.sato, ticket.id())).hasSize(historyBefore);
        assertThat(f.desk.messages(f.sato, ticket.id())).hasSize(messagesBefore);
        assertThat(f.desk.query(f.sato, TicketQuery.builder().build()).tickets()).hasSize(ticketsBefore);
        assertThat(f.events).hasSize(eventsBefore);
    }

    @Test
    void createTicketListsEveryViolation() {
        CreateTicket bad = new CreateTicket(" ", f.tanaka.id(), Channel.EMAIL, "", List.of(), Priority.NORMAL,
            TicketType.QUESTION, false, Set.of("ｖｉｐ 顧客"), Map.of("amount", "たくさん"), null, null, "日本語");
        assertRejectedUnchanged(() -> f.desk.createTicket(f.sato, bad),
            "subject", "body", "tags[]", "language", "customFields.amount", "customFields.order_no");
    }

    @Test
    void customerCommandWithoutRequesterIsAValidationError() {
        CreateTicket bad = new CreateTicket("件名", null, Channel.WEB, "本文", List.of(), Priority.NORMAL,
            TicketType.QUESTION, false, Set.of(), Map.of("order_no", "A-3"), null, null, null);
        assertRejectedUnchanged(() -> f.desk.createTicket(f.tanakaP, bad), "requester");
    }

    @Test
    void createTicketRejectsNullsAndOversizedText() {
        CreateTicket bad = new CreateTicket("あ".repeat(251), f.tanaka.id(), Channel.EMAIL, "本文", List.of(), null,
            null, false, Set.of(), Map.of("order_no", "A-1"), null, null, null);
        assertRejectedUnchanged(() -> f.desk.createTicket(f.sato, bad), "subject", "priority", "type");
    }

    @Test
    void unknownRequesterAgentGroupAndFieldAreViolations() {
        CreateTicket bad = CreateTicket.builder(CustomerId.of("nobody"), Channel.LINE, "件名", "本文")
            .assignee(AgentId.of("ghost")).group(GroupId.of("nogroup")).customField("color", "赤")
            .customField("order_no", "A-2").build();
        assertRejectedUnchanged(() -> f.desk.createTicket(f.sato, bad), "requester", "assignee", "group",
            "customFields.color");
    }

    @Test
    void badAttachmentIsReportedWithItsIndex() {
        AddMessage bad = AddMessage.reply(ticket.id(), "添付します").withAttachments(List.of(
            new Attachment("見積書.pdf", "application/pdf", 1200, "s3://bucket/a"),
            new Attachment("", "image/png", -1, "s3://bucket/b")));
        assertRejectedUnchanged(() -> f.desk.addMessage(f.sato, bad), "attachments[1].name", "attachments[1].size");
    }

    @Test
    void blankMessageAndNegativeVersionAreRejected() {
        assertRejectedUnchanged(() -> f.desk.addMessage(f.sato,
            new AddMessage(ticket.id(), Visibility.PUBLIC, "  ", List.of(), -1)), "body", "expectedVersion");
    }

    @Test
    void customFieldValuesAreCheckedAgainstTheirTypes() {
        assertRejectedUnchanged(() -> f.desk.apply(f.sato, SetCustomFields.of(ticket.id(),
                Map.of("amount", "１２a", "delivery", "2026/11/24", "gift", "はい", "product", "phone"))),
            "customFields.amount", "customFields.delivery", "customFields.gift", "customFields.product");
        assertRejectedUnchanged(() -> f.desk.apply(f.sato,
            new SetCustomFields(ticket.id(), Map.of(), Set.of("order_no"), 0)),
            "customFields.order_no");
    }

    @Test
    void validCustomFieldsAreStoredTyped() {
        Ticket t = f.desk.apply(f.sato, SetCustomFields.of(ticket.id(),
            Map.of("amount", "1980.5", "delivery", "2026-12-01", "gift", "true", "product", "pos")));
        assertThat(t.customFields()).containsEntry("amount", new BigDecimal("1980.5"))
            .containsEntry("delivery", LocalDate.of(2026, 12, 1)).containsEntry("gift", true)
            .containsEntry("product", "pos").containsEntry("order_no", "A-100");
        assertThat(f.desk.history(f.sato, ticket.id())).last().satisfies(e ->
            assertThat(e.changes()).extracting(c -> c.field()).containsExactly(
                "customFields.amount", "customFields.delivery", "customFields.gift", "customFields.product"));
    }

    @Test
    void tagsWithWhitespaceAreRejected() {
        assertRejectedUnchanged(() -> f.desk.apply(f.sato, ChangeTags.add(ticket.id(), "返品 希望")), "add[]");
    }

    @Test
    void badCustomerInputIsRejected() {
        assertThatThrownBy(() -> f.desk.createCustomer(f.system, new NewCustomer("", List.of(), null, "x")))
            .isInstanceOf(ValidationException.class)
            .satisfies(e -> assertThat(((ValidationException) e).violations()).extracting(Violation::field)
                .containsExactly("identities", "language", "name"));
        assertThatThrownBy(() -> io.madoguchi.core.customer.ChannelIdentity.email("not-an-address"))
            .isInstanceOf(ValidationException.class).hasMessageContaining("identity.value");
        assertThatThrownBy(() -> io.madoguchi.core.customer.ChannelIdentity.phone("電話番号"))
            .isInstanceOf(ValidationException.class);
    }

    @Test
    void badQueryLimitAndCursorAreRejected() {
        assertThatThrownBy(() -> TicketQuery.builder().limit(0).build()).isInstanceOf(ValidationException.class)
            .hasMessageContaining("limit");
        assertThatThrownBy(() -> f.desk.query(f.sato, TicketQuery.builder().cursor("garbage!").build()))
            .isInstanceOf(ValidationException.class).hasMessageContaining("cursor");
    }

    /** Control characters, lone surrogates, bidi controls and invisible-only text, as a hostile client sends them. */
    static List<String> hostileText() {
        return List.of("返品\u0000したい", "\u001b[31m返品", "返品\u0085したい", "返品\u009bしたい", "\u202eいたし品返",
            "返品\u2066したい", "返品\ud800したい", "返品したい\udc00", "\u200b\u200b", "\u3164", "\u0301\u0301");
    }

    @ParameterizedTest
    @MethodSource("hostileText")
    void subjectsAndBodiesRefuseControlsSurrogatesBidiAndInvisibleText(String text) {
        CreateTicket badSubject = CreateTicket.builder(f.tanaka.id(), Channel.EMAIL, text, "本文です")
            .customField("order_no", "A-1").build();
        assertRejectedUnchanged(() -> f.desk.createTicket(f.tanakaP, badSubject), "subject");
        CreateTicket badBody = CreateTicket.builder(f.tanaka.id(), Channel.EMAIL, "件名", text)
            .customField("order_no", "A-1").build();
        assertRejectedUnchanged(() -> f.desk.createTicket(f.tanakaP, badBody), "body");
        assertRejectedUnchanged(() -> f.desk.reply(f.tanakaP, ticket.id(), text), "body");
        assertRejectedUnchanged(() -> f.desk.addNote(f.sato, ticket.id(), text), "body");
    }

    @ParameterizedTest
    @MethodSource("hostileText")
    void inboundMessagesRefuseHostileTextNameAndSubject(String text) {
        ChannelIdentity sender = ChannelIdentity.line("U-inbound");
        assertRejectedUnchanged(() -> f.desk.receive(f.system,
            InboundMessage.of(Channel.LINE, sender, "市民", text, null)),
            "text");
        assertRejectedUnchanged(() -> f.desk.receive(f.system,
            InboundMessage.of(Channel.LINE, sender, text, "住民票がほしい", null)),
            "displayName");
        assertRejectedUnchanged(() -> f.desk.receive(f.system, new InboundMessage(Channel.LINE, sender, "市民", "住民票がほしい",
            List.of(), null, null, text, null)), "subject");
        assertThat(f.desk.findCustomer(f.system, sender)).isEmpty();
    }

    @Test
    void anInboundEmailWhoseFirstLineHasATabBecomesATicketWithThatSubject() {
        DeskFixture plain = new DeskFixture(); // this class's desk requires a custom field no inbound message can give
        Received r = plain.desk.receive(plain.system,
            InboundMessage.of(Channel.EMAIL, ChannelIdentity.email("tab@example.jp"),
                "山田", "注文番号\tA-123\n届いていません", null));
        assertThat(r.ticket().subject()).isEqualTo("注文番号\tA-123");
    }

    @Test
    void violationMessagesNameTheCodePointNotTheText() {
        ValidationException e = org.junit.jupiter.api.Assertions.assertThrows(ValidationException.class,
            () -> f.desk.reply(f.tanakaP, ticket.id(), "電話番号は090-1234-5678です\u001b"));
        assertThat(e.violations()).singleElement().satisfies(v -> {
            assertThat(v.message()).contains("U+001B").doesNotContain("090");
        });
    }

    @Test
    void bodiesKeepTabsAndLineBreaksButSubjectsAreOneLine() {
        Ticket t = f.desk.createTicket(f.tanakaP, CreateTicket.builder(f.tanaka.id(), Channel.EMAIL, "件名",
            "一行目\r\n\t二行目").customField("order_no", "A-1").build());
        assertThat(f.desk.messages(f.sato, t.id())).singleElement()
            .satisfies(m -> assertThat(m.body()).isEqualTo("一行目\r\n\t二行目"));
        CreateTicket twoLines = CreateTicket.builder(f.tanaka.id(), Channel.EMAIL, "件名\n二行目", "本文")
            .customField("order_no", "A-1").build();
        assertRejectedUnchanged(() -> f.desk.createTicket(f.tanakaP, twoLines), "subject");
    }

    @ParameterizedTest
    @MethodSource("hostileText")
    void namesAndEmailsRefuseHostileText(String text) {
        assertThatThrownBy(() -> f.desk.createCustomer(f.system,
            NewCustomer.of(text, ChannelIdentity.email("new@example.jp"))))
            .isInstanceOfSatisfying(ValidationException.class, e ->
                assertThat(e.violations()).extracting(Violation::field).containsExactly("name"));
        assertThatThrownBy(() -> f.desk.resolveCustomer(f.system, ChannelIdentity.line("U-new"), text))
            .isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> f.desk.updateCustomer(f.sato, UpdateCustomer.of(f.tanaka.id()).withName(text)))
            .isInstanceOfSatisfying(ValidationException.class, e ->
                assertThat(e.violations()).extracting(Violation::field).containsExactly("name"));
        assertThatThrownBy(() -> ChannelIdentity.email(text + "@example.jp"))
            .isInstanceOfSatisfying(ValidationException.class, e ->
                assertThat(e.violations()).extracting(Violation::field).containsExactly("identity.value"));
        assertThatThrownBy(() -> Agent.of(f.tenant, AgentId.of("yamada"), text))
            .isInstanceOf(ValidationException.class);
        assertThat(f.desk.findCustomer(f.system, ChannelIdentity.line("U-new"))).isEmpty();
        assertThat(f.desk.customer(f.sato, f.tanaka.id()).name()).isEqualTo("田中 太郎");
    }

    @Test
    void aBlankNameIsRefusedNotStoredAsEmpty() {
        assertThatThrownBy(() -> f.desk.updateCustomer(f.sato, UpdateCustomer.of(f.tanaka.id()).withName("　 ")))
            .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                .containsExactly(new Violation("name", "must not be blank")));
        assertThat(f.desk.customer(f.sato, f.tanaka.id()).name()).isEqualTo("田中 太郎");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u3000", " ", "ｖｉｐ\u3000顧客", "\ufdfa", "㍿㍿㍿㍿㍿㍿㍿㍿㍿㍿㍿㍿㍿㍿㍿㍿㍿", "返品\u0000", "\u202evip"})
    void tagsAreCheckedInTheFormTheyAreStored(String tag) {
        // U+FDFA alone becomes 18 characters under NFKC, and 64 of them 1,152: the stored form is what counts
        String stored = tag.equals("\ufdfa") ? "\ufdfa".repeat(64) : tag;
        assertRejectedUnchanged(() -> f.desk.apply(f.sato, ChangeTags.add(ticket.id(), stored)), "add[]");
        CreateTicket create = CreateTicket.builder(f.tanaka.id(), Channel.EMAIL, "件名", "本文").tags(stored)
            .customField("order_no", "A-1").build();
        assertRejectedUnchanged(() -> f.desk.createTicket(f.sato, create), "tags[]");
        assertThatThrownBy(() -> Macro.reply(f.tenant, "tag-it", "タグ付け", Map.of("ja", "承知しました")).thenTags(stored))
            .isInstanceOfSatisfying(ValidationException.class, e ->
                assertThat(e.violations()).extracting(Violation::field).containsExactly("addTags"));
    }

    @Test
    void tagsInFullWidthAreStoredNormalized() {
        Ticket t = f.desk.apply(f.sato, ChangeTags.add(ticket.id(), "　ＶＩＰ　"));
        assertThat(t.tags()).containsExactly("vip");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e999999999", "-1E+999999999", "1e-999999999", "NaN", "Infinity",
        "12345678901234567890123456789012345"})
    void aNumberFieldRefusesValuesOutOfRange(String value) {
        assertRejectedUnchanged(() -> f.desk.apply(f.sato, SetCustomFields.of(ticket.id(), Map.of("amount", value))),
            "customFields.amount");
    }

    @ParameterizedTest
    @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    void aNumberFieldRefusesNonFiniteNumbers(double value) {
        assertRejectedUnchanged(() -> f.desk.apply(f.sato, SetCustomFields.of(ticket.id(), Map.of("amount", value))),
            "customFields.amount");
    }

    @Test
    void aNumberFieldKeepsLargeButMeaningfulValues() {
        Ticket t = f.desk.apply(f.sato,
            SetCustomFields.of(ticket.id(), Map.of("amount", "1234567890123456789012345678901234.5")));
        assertThat(t.customFields()).containsEntry("amount", new BigDecimal("1234567890123456789012345678901234.5"));
    }

    @Test
    void customFieldErrorsDoNotRepeatTheRejectedValue() {
        String personal = "山田花子 090-1234-5678";
        ValidationException e = org.junit.jupiter.api.Assertions.assertThrows(ValidationException.class,
            () -> f.desk.apply(f.sato, SetCustomFields.of(ticket.id(),
                Map.of("amount", personal, "delivery", personal, "gift", personal, "product", personal))));
        assertThat(e.violations()).hasSize(4)
            .allSatisfy(v -> assertThat(v.message()).doesNotContain("090").doesNotContain("山田"));
        assertThat(e.getMessage()).doesNotContain("090");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Japanese", "jpn", "xx", "ja_JP", "日本語"})
    void languageTagsThatCanNeverMatchAreRefused(String language) {
        CreateTicket bad = CreateTicket.builder(f.tanaka.id(), Channel.EMAIL, "件名", "本文").language(language)
            .customField("order_no", "A-1").build();
        assertRejectedUnchanged(() -> f.desk.createTicket(f.sato, bad), "language");
        assertThatThrownBy(() -> f.desk.updateCustomer(f.sato, UpdateCustomer.of(f.tanaka.id()).withLanguage(language)))
            .isInstanceOf(ValidationException.class).hasMessageContaining("language");
    }
}
