package io.madoguchi.core.faq;

import static org.assertj.core.api.Assertions.assertThat;

import io.madoguchi.core.AgentId;
import io.madoguchi.core.Channel;
import io.madoguchi.core.Principal;
import io.madoguchi.core.SupportDesk;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.agent.Agent;
import io.madoguchi.core.agent.AssignmentStrategy;
import io.madoguchi.core.bot.BotAttemptStore;
import io.madoguchi.core.bot.InMemoryBotAttemptStore;
import io.madoguchi.core.integration.SelfServiceBot;
import io.madoguchi.core.customer.ChannelIdentity;
import io.madoguchi.core.customer.Customer;
import io.madoguchi.core.store.DeskStore;
import io.madoguchi.core.ticket.CreateTicket;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.ticket.TicketStatus;
import io.madoguchi.core.time.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A city office's matcher and bot on a {@link FaqStore}, thrown away and built again on the same store: the catalog,
 * synonyms and boosts are intact, the same questions get the same answers, and the gap log is intact and still
 * bounded. Shipped in the test-jar: a store's test extends it, handing out the store for each life of the host
 * (reopened from its database when it has one).
 */
public abstract class FaqRestartContract {

    private static final TenantId CITY = TenantId.of("amagasaki-city");
    private static final Principal ADMIN = Principal.admin(CITY, AgentId.of("admin"));
    private static final Principal TANAKA = Principal.agent(CITY, AgentId.of("tanaka"));
    /** Tuesday 2026-11-24 10:00 in Tokyo. */
    private static final Instant START = Instant.parse("2026-11-24T01:00:00Z");
    /** The gap log keeps four questions per language for 30 days. */
    private static final FaqRetention RETENTION = new FaqRetention(4, Duration.ofDays(30), 1_000, Duration.ofDays(180));
    private static final List<String> JAPANESE = List.of("住民票の写しを取りたい", "コンビニで住民票が欲しい",
        "図書館のカードを解約したい", "大きなごみを捨てたい", "保育園に子どもを入れたい", "申請書のPDFはどこでダウンロードできますか");
    private static final List<String> ENGLISH = List.of("I want my money back", "When will my parcel arrive",
        "reset my password", "Do you sell gift vouchers?");
    private static final List<String> OUT_OF_SCOPE = List.of("迷子の犬を探してほしい", "庭の桜の木を切りたい",
        "隣の騒音がうるさい", "熊が出たので連絡したい", "川で魚を釣ってもいいですか", "花火大会の日程を知りたい");

    /** The clock of every life of the host. */
    protected final MutableClock clock = MutableClock.startingAt(START);
    private final DeskStore deskStore = DeskStore.inMemory(clock);
    private final BotAttemptStore botStore = new InMemoryBotAttemptStore(clock);

    /**
     * Opens the store for one life of the host: the same data every time.
     *
     * @param retention the bounds of the gap log and the boosts
     * @return the store
     */
    protected abstract FaqStore openStore(FaqRetention retention);

    /**
     * Ends a life of the host: a store with a database closes it here.
     *
     * @param store the store {@link #openStore} returned
     */
    protected void closeStore(FaqStore store) {
    }

    /** One life of the host: everything built on the stores. */
    private final class Host implements AutoCloseable {
        final FaqStore store = openStore(RETENTION);
        final FaqCatalog catalog = new FaqCatalog(store);
        final FaqMatcher matcher = FaqMatcher.builder(catalog).clock(clock).thresholds(0.6, 0.3).build();
        final SupportDesk desk = SupportDesk.builder().clock(clock).store(deskStore)
            .assignmentStrategy(AssignmentStrategy.roundRobin()).build();
        final SelfServiceBot bot = SelfServiceBot.builder(desk, matcher).eventLog(deskStore.eventLog())
            .store(botStore).build();
        final Principal line = desk.system(CITY, "line-gateway");

        Host() {
            desk.subscribe(bot);
        }

        Ticket ask(String lineId, String subject, String body) {
            Customer c = desk.resolveCustomer(line, ChannelIdentity.line(lineId), "市民 " + lineId);
            return desk.createTicket(line, CreateTicket.builder(c.id(), Channel.LINE, subject, body).build());
        }

        /**
         * The decision and the ranked FAQs for each question. (Not the scores: an index that applied an unpublish
         * still counts the removed FAQ in its term statistics until Lucene merges, so the rebuilt index scores a
         * little differently; a matcher built fresh on the store in the first life scores exactly as the second.)
         */
        Map<String, String> answers() {
            Map<String, String> out = new LinkedHashMap<>();
            JAPANESE.forEach(q -> out.put(q, describe(matcher.match(CITY, q, Locale.JAPANESE))));
            ENGLISH.forEach(q -> out.put(q, describe(matcher.match(CITY, q, Locale.ENGLISH))));
            return out;
        }

        Map<String, FaqMatch> exactAnswers() {
            Map<String, FaqMatch> out = new LinkedHashMap<>();
            JAPANESE.forEach(q -> out.put(q, matcher.match(CITY, q, Locale.JAPANESE)));
            ENGLISH.forEach(q -> out.put(q, matcher.match(CITY, q, Locale.ENGLISH)));
            return out;
        }

        @Override
        public void close() {
            matcher.close();
            closeStore(store);
        }
    }

    @Test
    public void aMatcherAndBotBuiltAgainOnTheStoreFindTheCatalogSynonymsBoostsAndGapLogAsTheyWere() {
        List<FaqEntry> catalogBefore;
        Map<String, String> answersBefore;
        Map<String, FaqMatch> rebuiltBefore;
        List<FaqGap> gapsBefore;
        long boostsBefore;
        Ticket juminhyo;
        try (Host host = new Host()) {
            host.desk.saveAgent(ADMIN, Agent.of(CITY, AgentId.of("tanaka"), "田中"));
            host.catalog.putAll(CITY, CityOfficeFaqs.japanese());
            host.catalog.putAll(CITY, CityOfficeFaqs.english());
            host.catalog.setPublished(CITY, "pdf", false);
            host.matcher.setSynonyms(CITY, List.of(List.of("解約", "退会", "キャンセル"), List.of("money back", "refund"),
                List.of("gift voucher", "gift card")));

            // the bot answers a citizen on LINE, who says it helped: the matcher learns
            juminhyo = host.ask("U1", "住民票の写しを取りたい", "コンビニで住民票の写しを取りたいです");
            assertThat(host.desk.ticket(TANAKA, juminhyo.id()).tags()).contains(SelfServiceBot.TAG_AWAITING);
            host.desk.reply(Principal.customer(CITY, juminhyo.requester()), juminhyo.id(), "はい、ありがとうございます");
            assertThat(host.desk.ticket(TANAKA, juminhyo.id()).status()).isEqualTo(TicketStatus.SOLVED);
            host.matcher.feedback(CITY, "When will my parcel arrive", Locale.ENGLISH, "shipping", true);
            // six questions nothing answers, through the bot and directly: the log keeps the last four
            host.ask("U2", "迷子の犬", OUT_OF_SCOPE.get(0));
            OUT_OF_SCOPE.subList(1, OUT_OF_SCOPE.size()).forEach(q -> host.matcher.match(CITY, q, Locale.JAPANESE));

            catalogBefore = host.catalog.entries(CITY);
            assertThat(host.matcher.gapReport(CITY, Locale.JAPANESE, 10).stream().flatMap(g -> g.examples().stream()))
                .as("the last four questions nothing answered")
                .containsExactlyInAnyOrderElementsOf(OUT_OF_SCOPE.subList(2, 6));
            answersBefore = host.answers();
            try (FaqMatcher rebuilt = FaqMatcher.builder(host.catalog).clock(clock).thresholds(0.6, 0.3).build()) {
                rebuiltBefore = new LinkedHashMap<>();
                JAPANESE.forEach(q -> rebuiltBefore.put(q, rebuilt.match(CITY, q, Locale.JAPANESE)));
                ENGLISH.forEach(q -> rebuiltBefore.put(q, rebuilt.match(CITY, q, Locale.ENGLISH)));
            }
            boostsBefore = host.store.boostCount(CITY);
            gapsBefore = host.matcher.gapReport(CITY, Locale.JAPANESE, 10);
        }
        assertThat(catalogBefore).hasSize(12);
        assertThat(boostsBefore).isEqualTo(4);
        assertThat(gapsBefore.stream().mapToInt(FaqGap::count).sum()).isEqualTo(4);
        assertThat(answersBefore.get("図書館のカードを解約したい")).as("through the synonym 解約 = 退会").startsWith("ANSWER [taikai@1");
        assertThat(answersBefore.get("I want my money back")).as("through the synonym").startsWith("ANSWER [refund@1");
        assertThat(answersBefore.get("申請書のPDFはどこでダウンロードできますか")).as("unpublished").doesNotContain("pdf");

        try (Host host = new Host()) {
            host.desk.processEvents();

            assertThat(host.catalog.entries(CITY)).isEqualTo(catalogBefore);
            assertThat(host.catalog.history(CITY, "pdf")).extracting(FaqEntry::published).containsExactly(true, false);
            assertThat(host.matcher.synonyms(CITY)).containsExactly(List.of("解約", "退会", "キャンセル"),
                List.of("money back", "refund"), List.of("gift voucher", "gift card"));
            assertThat(host.store.boostCount(CITY)).isEqualTo(boostsBefore);
            assertThat(host.matcher.gapReport(CITY, Locale.JAPANESE, 10)).isEqualTo(gapsBefore);
            assertThat(host.answers()).as("the same answers to the same questions").isEqualTo(answersBefore);
            assertThat(host.exactAnswers()).as("with the scores of a matcher built on the store before the restart")
                .isEqualTo(rebuiltBefore);
            assertThat(score(host.matcher, "住民票の写しを取りたい", "juminhyo"))
                .as("the boost from the citizen's yes is still there").isGreaterThan(unboostedScore());

            // the same question again is answered with the same FAQ by the rebuilt bot
            Ticket again = host.ask("U3", "住民票の写しを取りたい", "コンビニで住民票の写しを取りたいです");
            assertThat(host.desk.ticket(TANAKA, again.id()).tags()).contains(SelfServiceBot.TAG_AWAITING);
            assertThat(host.desk.messages(TANAKA, again.id()).get(1).body())
                .isEqualTo(host.desk.messages(TANAKA, juminhyo.id()).get(1).body());

            // the gap log stays bounded: by count after more questions, by age a month later
            host.matcher.match(CITY, "公園でバーベキューをしたい", Locale.JAPANESE);
            assertThat(host.store.gapCount(CITY, "ja")).isEqualTo(4);
            assertThat(host.matcher.gapReport(CITY, Locale.JAPANESE, 10).stream().flatMap(g -> g.examples().stream()))
                .contains("公園でバーベキューをしたい").doesNotContain(OUT_OF_SCOPE.get(2));
            clock.advance(Duration.ofDays(31));
            assertThat(host.matcher.gapReport(CITY, Locale.JAPANESE, 10)).isEmpty();
            assertThat(host.store.gapCount(CITY, "ja")).isZero();
        }
    }

    private static String describe(FaqMatch m) {
        return m.decision() + " "
            + m.candidates().stream().map(c -> c.entry().id() + "@" + c.entry().version()).toList();
    }

    private double score(FaqMatcher matcher, String query, String id) {
        return matcher.match(CITY, query, Locale.JAPANESE).candidates().stream()
            .filter(s -> s.entry().id().equals(id)).findFirst().orElseThrow().score();
    }

    private double unboostedScore() {
        FaqCatalog fresh = new FaqCatalog();
        List<FaqEntry> entries = new ArrayList<>(CityOfficeFaqs.japanese());
        fresh.putAll(CITY, entries);
        fresh.setPublished(CITY, "pdf", false);
        try (FaqMatcher plain = FaqMatcher.builder(fresh).clock(clock).thresholds(0.6, 0.3).build()) {
            return score(plain, "住民票の写しを取りたい", "juminhyo");
        }
    }
}
