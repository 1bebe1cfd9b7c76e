package io.madoguchi.core.feedback.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.madoguchi.core.ValidationException;
import io.madoguchi.core.feedback.text.ThemeTrends.ThemedFeedback;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ThemeTrendsTest {

    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    private static final List<String> DELIVERY = List.of("配送状況が分かりません", "荷物の到着が遅い", "The delivery was late");
    private static final List<String> REFUND = List.of("返金手続きが面倒でした", "Refund request took ages");
    private static final List<String> PRICE = List.of("料金が高すぎます");
    private static final List<String> OTHER = List.of("ありがとうございました");

    private static List<ThemedFeedback> month;

    /**
     * November 2026 in Tokyo, generated deterministically: every day 2 refund comments and 1 thank-you;
     * delivery comments 1 a day until 22 November, 3 a day from Monday 23 November; price comments on
     * odd days from 23 November (4 in the last week, none before).
     */
    @BeforeAll
    static void generateMonth() {
        TextAnalyzer analyzer = TextAnalyzer.defaults();
        month = new ArrayList<>();
        for (int day = 1; day <= 30; day++) {
            LocalDate date = LocalDate.of(2026, 11, day);
            List<String> texts = new ArrayList<>();
            int deliveries = day >= 23 ? 3 : 1;
            for (int i = 0; i < deliveries; i++) {
                texts.add(DELIVERY.get((day + i) % DELIVERY.size()));
            }
            texts.add(REFUND.get(day % 2));
            texts.add(REFUND.get((day + 1) % 2));
            if (day >= 23 && day % 2 == 1) {
                texts.add(PRICE.get(0));
            }
            texts.add(OTHER.get(0));
            for (int i = 0; i < texts.size(); i++) {
                Instant at = date.atTime(9 + i, 15).atZone(TOKYO).toInstant();
                month.add(new ThemedFeedback(at, analyzer.analyze(texts.get(i)).themes()));
            }
        }
    }

    @Test
    void everyGeneratedCommentFoundItsTheme() {
        assertThat(month).filteredOn(f -> f.themes().contains("delivery")).hasSize(22 + 3 * 8);
        assertThat(month).filteredOn(f -> f.themes().contains("refund")).hasSize(60);
        assertThat(month).filteredOn(f -> f.themes().isEmpty()).hasSize(30);
    }

    @Test
    void deliveryRoseThisWeekWhileRefundStayedFlat() {
        Instant wednesday = LocalDate.of(2026, 11, 25).atTime(12, 0).atZone(TOKYO).toInstant();
        List<ThemeTrend> all = ThemeTrends.compare(month,
            LocalDate.of(2026, 11, 16).atStartOfDay(TOKYO).toInstant(),
            LocalDate.of(2026, 11, 23).atStartOfDay(TOKYO).toInstant(),
            LocalDate.of(2026, 11, 30).atStartOfDay(TOKYO).toInstant());
        assertThat(all).contains(new ThemeTrend("delivery", 21, 7), new ThemeTrend("refund", 14, 14),
            new ThemeTrend("price", 4, 0));
        assertThat(all.get(0).theme()).isEqualTo("delivery");

        assertThat(ThemeTrends.risingThisWeek(month, wednesday, TOKYO, 5))
                .containsExactly(new ThemeTrend("delivery", 21, 7));
        assertThat(ThemeTrends.risingThisWeek(month, wednesday, TOKYO, 3))
            .containsExactly(new ThemeTrend("delivery", 21, 7), new ThemeTrend("price", 4, 0));
    }

    @Test
    void aQuietWeekShowsNoRise() {
        Instant earlyMonth = LocalDate.of(2026, 11, 11).atStartOfDay(TOKYO).toInstant();
        assertThat(ThemeTrends.risingThisWeek(month, earlyMonth, TOKYO, 1)).isEmpty();
    }

    @Test
    void calendarWeeksAcrossADaylightSavingChangeAreCountedWhole() {
        ZoneId newYork = ZoneId.of("America/New_York");
        // the week of Monday 2026-03-09 follows the switch to summer time on Sunday 2026-03-08
        List<ThemedFeedback> feedback = List.of(
            new ThemedFeedback(LocalDate.of(2026, 3, 2).atStartOfDay(newYork).toInstant(), Set.of("price")),
            new ThemedFeedback(LocalDate.of(2026, 3, 8).atTime(23, 30).atZone(newYork).toInstant(), Set.of("price")),
            new ThemedFeedback(LocalDate.of(2026, 3, 9).atStartOfDay(newYork).toInstant(), Set.of("price")),
            new ThemedFeedback(LocalDate.of(2026, 3, 15).atTime(23, 30).atZone(newYork).toInstant(), Set.of("price")),
            new ThemedFeedback(LocalDate.of(2026, 3, 15).atTime(23, 45).atZone(newYork).toInstant(), Set.of("price")));
        Instant midweek = LocalDate.of(2026, 3, 11).atTime(12, 0).atZone(newYork).toInstant();
        assertThat(ThemeTrends.risingThisWeek(feedback, midweek, newYork, 1))
                .containsExactly(new ThemeTrend("price", 3, 2));
    }

    @Test
    void periodsMustBeOrdered() {
        Instant t = Instant.parse("2026-11-01T00:00:00Z");
        assertThatThrownBy(() -> ThemeTrends.compare(month, t, t)).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> ThemeTrends.rising(List.of(new ThemedFeedback(t, Set.of("x"))), t,
            t.plusSeconds(1), 0))
            .isInstanceOf(ValidationException.class).hasMessageContaining("minCount");
    }
}
