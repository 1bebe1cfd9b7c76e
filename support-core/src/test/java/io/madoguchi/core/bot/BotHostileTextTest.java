package io.madoguchi.core.bot;

import static org.assertj.core.api.Assertions.assertThat;

import io.madoguchi.core.Channel;
import io.madoguchi.core.Principal;
import io.madoguchi.core.SupportDesk;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.customer.ChannelIdentity;
import io.madoguchi.core.customer.Customer;
import io.madoguchi.core.faq.FaqCatalog;
import io.madoguchi.core.faq.FaqEntry;
import io.madoguchi.core.faq.FaqMatcher;
import io.madoguchi.core.integration.SelfServiceBot;
import io.madoguchi.core.store.DeskStore;
import io.madoguchi.core.ticket.AuthorKind;
import io.madoguchi.core.ticket.CreateTicket;
import io.madoguchi.core.ticket.Message;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.ticket.Visibility;
import io.madoguchi.core.time.MutableClock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Text the desk refuses today may still reach the bot (tickets stored before, hosts calling {@link
 * SelfServiceBot#answer} directly, a query cut inside a surrogate pair): the bot answers or hands over, never throws.
 */
class BotHostileTextTest {

    private static final TenantId CITY = TenantId.of("amagasaki-city");

    private final MutableClock clock = MutableClock.startingAt(Instant.parse("2026-11-24T01:00:00Z"));
    private final FaqCatalog catalog = new FaqCatalog();

    @ParameterizedTest
    @ValueSource(strings = {"住民票\u0085がほしい", "住民票\u009bがほしい", "住民票\u0080\u009fがほしい"})
    void c1ControlCharactersInAFirstMessageDoNotMakeTheBotThrow(String body) {
        catalog.put(CITY, FaqEntry.builder("juminhyo").locale(Locale.JAPANESE).question("住民票の写しを取りたい")
            .answer("住民票の写しは市役所の窓口で取得できます。").build());
        try (FaqMatcher matcher = FaqMatcher.builder(catalog).clock(clock).thresholds(0.6, 0.3).build()) {
            DeskStore store = DeskStore.inMemory(clock);
            SupportDesk desk = SupportDesk.builder().clock(clock).store(store).build();
            SelfServiceBot bot = SelfServiceBot.builder(desk, matcher).eventLog(store.eventLog()).build();
            Principal gateway = desk.system(CITY, "line-gateway");
            Customer c = desk.resolveCustomer(gateway, ChannelIdentity.line("U1"), "市民");
            Ticket t = desk.createTicket(gateway, CreateTicket.builder(c.id(), Channel.LINE, "住民票", "住民票がほしい")
                .language("ja").build());
            Message stored = new Message(t.id(), 1, Visibility.PUBLIC, AuthorKind.CUSTOMER, c.id().value(), body,
                List.of(), clock.instant());

            assertThat(bot.answer(t, stored)).isIn(BotOutcome.ANSWERED, BotOutcome.SUGGESTED, BotOutcome.HANDED_OVER);
        }
    }

    @Test
    void aQueryCutInsideASurrogatePairIsMatchedNotRefused() {
        try (FaqMatcher matcher = FaqMatcher.builder(catalog).clock(clock).build()) {
            assertThat(matcher.match(CITY, "住民票" + "😀".repeat(990) + "\ud83d", Locale.JAPANESE).candidates()).isEmpty();
        }
    }
}
