package io.madoguchi.core.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.faq.FaqCatalog;
import io.madoguchi.core.faq.FaqDecision;
import io.madoguchi.core.faq.FaqEntry;
import io.madoguchi.core.faq.FaqGap;
import io.madoguchi.core.faq.FaqMatch;
import io.madoguchi.core.faq.FaqMatcher;
import io.madoguchi.core.time.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two host instances, each with its own store, catalog and matcher, on one PostgreSQL: what one changes the other
 * sees, the catalog after its next revision poll, boosts and the gap log at once.
 */
class JdbcFaqTwoInstancesTest {

    private static final TenantId CITY = TenantId.of("amagasaki-city");

    private final MutableClock clock = MutableClock.startingAt(Instant.parse("2026-11-24T01:00:00Z"));
    private final HikariDataSource database = TestDatabases.postgres();
    private FaqMatcher first;
    private FaqMatcher second;

    private FaqMatcher instance() {
        FaqCatalog catalog = new FaqCatalog(new JdbcFaqStore(database));
        return FaqMatcher.builder(catalog).clock(clock).thresholds(0.6, 0.3)
            .revisionPollInterval(Duration.ofSeconds(30)).build();
    }

    private static FaqEntry ja(String id, String question, String answer, String... phrasings) {
        return FaqEntry.builder(id).locale(Locale.JAPANESE).question(question).answer(answer).phrasings(phrasings)
            .build();
    }

    private static String top(FaqMatch m) {
        return m.decision() == FaqDecision.HAND_OVER ? "-" : m.candidates().get(0).entry().id();
    }

    @AfterEach
    void close() {
        first.close();
        second.close();
        database.close();
    }

    @Test
    void anEditThroughOneInstanceIsSeenByTheOtherAfterItsRevisionPoll() {
        JdbcSchema.migrate(database);
        FaqCatalog firstCatalog = new FaqCatalog(new JdbcFaqStore(database));
        firstCatalog.putAll(CITY, List.of(
            ja("juminhyo", "住民票の写しを取りたい", "市役所の窓口またはコンビニで取得できます。", "住民票が欲しい"),
            ja("gomi", "粗大ごみの出し方を知りたい", "事前に申し込みが必要です。", "大きなごみを捨てたい")));
        first = FaqMatcher.builder(firstCatalog).clock(clock).thresholds(0.6, 0.3)
            .revisionPollInterval(Duration.ofSeconds(30)).build();
        second = instance();
        assertThat(top(second.match(CITY, "住民票が欲しい", Locale.JAPANESE))).isEqualTo("juminhyo");

        // the first instance adds an FAQ, unpublishes one and sets synonyms
        firstCatalog.put(CITY, ja("inkan", "印鑑登録をしたい", "登録する印鑑と本人確認書類を持って市民課へ来てください。"));
        firstCatalog.setPublished(CITY, "gomi", false);
        first.setSynonyms(CITY, List.of(List.of("はんこ", "印鑑")));
        assertThat(top(first.match(CITY, "はんこを登録したい", Locale.JAPANESE))).isEqualTo("inkan");

        // within the poll interval the second still answers from the revision it has
        clock.advance(Duration.ofSeconds(10));
        assertThat(top(second.match(CITY, "大きなごみを捨てたい", Locale.JAPANESE))).isEqualTo("gomi");
        assertThat(top(second.match(CITY, "はんこを登録したい", Locale.JAPANESE))).isEqualTo("-");

        // after it, its next query polls the revision and applies the changes
        clock.advance(Duration.ofSeconds(30));
        assertThat(top(second.match(CITY, "はんこを登録したい", Locale.JAPANESE))).isEqualTo("inkan");
        assertThat(top(second.match(CITY, "大きなごみを捨てたい", Locale.JAPANESE))).isEqualTo("-");
        assertThat(second.match(CITY, "印鑑登録をしたい", Locale.JAPANESE).candidates().get(0).entry())
            .isEqualTo(firstCatalog.get(CITY, "inkan").orElseThrow());

        // refresh() does not wait for the interval
        firstCatalog.setPublished(CITY, "gomi", true);
        assertThat(top(second.match(CITY, "大きなごみを捨てたい", Locale.JAPANESE))).isEqualTo("-");
        second.refresh();
        assertThat(top(second.match(CITY, "大きなごみを捨てたい", Locale.JAPANESE))).isEqualTo("gomi");
    }

    @Test
    void feedbackThroughOneInstanceRanksForTheOtherAndBothFillOneGapLog() {
        JdbcSchema.migrate(database);
        FaqCatalog firstCatalog = new FaqCatalog(new JdbcFaqStore(database));
        firstCatalog.putAll(CITY, List.of(
            ja("juminhyo", "住民票の写しを取りたい", "市役所の窓口またはコンビニで取得できます。"),
            ja("koseki", "戸籍謄本を請求したい", "本籍地の市役所で請求できます。", "戸籍の証明書を取りたい")));
        first = FaqMatcher.builder(firstCatalog).clock(clock).build();
        second = instance();
        String query = "証明書を取りたい";
        double before = score(second.match(CITY, query, Locale.JAPANESE), "juminhyo");

        first.feedback(CITY, query, Locale.JAPANESE, "juminhyo", true);
        first.match(CITY, "迷子の犬を探してほしい", Locale.JAPANESE);
        second.match(CITY, "迷子の猫を探してほしい", Locale.JAPANESE);

        assertThat(score(second.match(CITY, query, Locale.JAPANESE), "juminhyo")).isGreaterThan(before);
        assertThat(first.gapReport(CITY, Locale.JAPANESE, 5)).extracting(FaqGap::count).containsExactly(2);
        assertThat(second.gapReport(CITY, Locale.JAPANESE, 5)).isEqualTo(first.gapReport(CITY, Locale.JAPANESE, 5));
    }

    private static double score(FaqMatch m, String id) {
        return m.candidates().stream().filter(s -> s.entry().id().equals(id)).findFirst().orElseThrow().score();
    }
}
