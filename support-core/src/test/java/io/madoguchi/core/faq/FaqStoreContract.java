package io.madoguchi.core.faq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.madoguchi.core.ConflictException;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.ValidationException;
import io.madoguchi.core.store.Racers;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link FaqStore} must have. Shipped in the support-core test-jar: a store implementation's
 * test extends it and returns a fresh, empty store with the given bounds from {@link #newStore(FaqRetention)}.
 */
public abstract class FaqStoreContract {

    /** An instant with nanoseconds, which stores keep to the microsecond. */
    protected static final Instant T0 = Instant.parse("2026-11-24T01:00:00.123456789Z");
    private static final TenantId CITY = TenantId.of("amagasaki-city");
    private static final TenantId SHOP = TenantId.of("madoguchi-shop");

    /**
     * @param retention the bounds of the gap log and the boosts
     * @return a new, empty store
     */
    protected abstract FaqStore newStore(FaqRetention retention);

    private FaqStore store() {
        return newStore(FaqRetention.defaults());
    }

    private static FaqEntry juminhyo() {
        return FaqEntry.builder("juminhyo").locale(Locale.JAPANESE).question("住民票の写しを取りたい")
            .phrasings("住民票が欲しい", "じゅうみんひょう")
            .answer("住民票の写しは市役所の窓口またはコンビニで取得できます。\n手数料は300円です。")
            .links(List.of("https://www.city.example.jp/juminhyo")).category("戸籍・住民票").tags(List.of("証明書", "コンビニ"))
            .build();
    }

    private static FaqEntry gomi() {
        return FaqEntry.builder("gomi").locale(Locale.JAPANESE).question("粗大ごみの出し方を知りたい")
            .answer("粗大ごみは事前に申し込みが必要です。").build();
    }

    private static FaqEntry password() {
        return FaqEntry.builder("password").locale(Locale.ENGLISH).question("I forgot my password")
            .answer("Use the Forgot password link.").published(false).build();
    }

    @Test
    public void aWriteStoresVersionOneOfEachFaqWithEveryFieldAndMovesTheRevisionOnce() {
        FaqStore store = store();
        assertThat(store.revision(CITY)).isZero();

        List<FaqEntry> stored = store.write(CITY, List.of(juminhyo(), gomi(), password()));

        assertThat(stored).containsExactly(juminhyo().withVersion(1), gomi().withVersion(1), password().withVersion(1));
        assertThat(store.revision(CITY)).isEqualTo(1);
        assertThat(store.entry(CITY, "juminhyo")).contains(juminhyo().withVersion(1));
        assertThat(store.entries(CITY)).extracting(FaqEntry::id).containsExactly("juminhyo", "gomi", "password");
        assertThat(store.faqCount(CITY)).isEqualTo(3);
        assertThat(store.tenants()).containsExactly(CITY);
        assertThat(store.revision(SHOP)).isZero();
        assertThat(store.entry(SHOP, "juminhyo")).isEmpty();
        assertThat(store.entries(SHOP)).isEmpty();
    }

    @Test
    public void anEditBasedOnTheCurrentVersionAddsARevisionAndHistoryKeepsEveryOne() {
        FaqStore store = store();
        FaqEntry v1 = store.write(CITY, List.of(juminhyo())).get(0);

        FaqEntry v2 = store.write(CITY, List.of(v1.withPublished(false))).get(0);
        FaqEntry v3 = store.write(CITY, List.of(gomi().withVersion(0))).get(0);

        assertThat(v2.version()).isEqualTo(2);
        assertThat(v2.published()).isFalse();
        assertThat(v3.version()).isEqualTo(1);
        assertThat(store.history(CITY, "juminhyo")).containsExactly(v1, v2);
        assertThat(store.history(CITY, "missing")).isEmpty();
        assertThat(store.revision(CITY)).isEqualTo(3);
    }

    @Test
    public void anEditBasedOnAStaleVersionIsAConflictNamingTheFaqAndTheWholeWriteIsRefused() {
        FaqStore store = store();
        FaqEntry v1 = store.write(CITY, List.of(juminhyo(), gomi())).get(0);
        store.write(CITY, List.of(v1.withPublished(false)));
        long revision = store.revision(CITY);
        FaqEntry newGomi = FaqEntry.builder("gomi").locale(Locale.JAPANESE).question("大型ごみを捨てたい")
            .answer("申し込みが必要です。").build().withVersion(1);

        assertThatThrownBy(() -> store.write(CITY, List.of(newGomi, v1.withPublished(true))))
            .isInstanceOf(ConflictException.class).hasMessageContaining("juminhyo");

        assertThat(store.revision(CITY)).isEqualTo(revision);
        assertThat(store.entry(CITY, "gomi").orElseThrow().question()).isEqualTo("粗大ごみの出し方を知りたい");
        assertThat(store.entry(CITY, "juminhyo").orElseThrow().published()).isFalse();
        assertThatThrownBy(() -> store.write(CITY, List.of(password().withVersion(3))))
            .isInstanceOf(ConflictException.class).hasMessageContaining("password");
    }

    @Test
    public void writingAnEntryEqualToTheCurrentRevisionChangesNothing() {
        FaqStore store = store();
        store.write(CITY, List.of(juminhyo(), gomi()));

        List<FaqEntry> again = store.write(CITY, List.of(juminhyo(), gomi()));

        assertThat(again).extracting(FaqEntry::version).containsExactly(1L, 1L);
        assertThat(store.revision(CITY)).isEqualTo(1);
        assertThat(store.history(CITY, "juminhyo")).hasSize(1);
    }

    @Test
    public void changesSinceARevisionAreTheLatestRevisionOfEachFaqWrittenAfterItInTheOrderLastWritten() {
        FaqStore store = store();
        store.write(CITY, List.of(juminhyo(), gomi(), password()));
        FaqEntry juminhyo2 = store.write(CITY, List.of(juminhyo().withPublished(false))).get(0);
        store.setSynonyms(CITY, List.of(List.of("住民票", "じゅうみんひょう")));
        FaqEntry gomi2 = store.write(CITY, List.of(gomi().withPublished(false))).get(0);

        FaqChanges all = store.changesSince(CITY, 0);
        FaqChanges later = store.changesSince(CITY, 1);
        FaqChanges none = store.changesSince(CITY, store.revision(CITY));

        assertThat(all.revision()).isEqualTo(4);
        assertThat(all.changed()).containsExactly(password().withVersion(1), juminhyo2, gomi2);
        assertThat(all.synonyms()).containsExactly(List.of("住民票", "じゅうみんひょう"));
        assertThat(later.changed()).containsExactly(juminhyo2, gomi2);
        assertThat(none.revision()).isEqualTo(4);
        assertThat(none.changed()).isEmpty();
        assertThat(store.changesSince(SHOP, 0)).isEqualTo(new FaqChanges(0, List.of(), List.of()));
    }

    @Test
    public void synonymsAreKeptPerTenantAndMoveTheRevision() {
        FaqStore store = store();
        store.setSynonyms(CITY, List.of(List.of("解約", "退会", "キャンセル"), List.of("住民票", "じゅうみんひょう")));
        store.setSynonyms(SHOP, List.of(List.of("refund", "money back")));

        assertThat(store.synonyms(CITY)).containsExactly(List.of("解約", "退会", "キャンセル"), List.of("住民票", "じゅうみんひょう"));
        assertThat(store.synonyms(SHOP)).containsExactly(List.of("refund", "money back"));
        assertThat(store.revision(CITY)).isEqualTo(1);
        assertThat(store.tenants()).containsExactlyInAnyOrder(CITY, SHOP);

        store.setSynonyms(CITY, List.of());
        assertThat(store.synonyms(CITY)).isEmpty();
        assertThat(store.revision(CITY)).isEqualTo(2);
    }

    @Test
    public void invalidSynonymsAreRefusedNamingTheGroupAndNothingChanges() {
        FaqStore store = store();
        store.setSynonyms(CITY, List.of(List.of("解約", "退会")));

        assertThatThrownBy(() -> store.setSynonyms(CITY, List.of(List.of("解約", "退会"), List.of("ひとつ"))))
            .isInstanceOfSatisfying(ValidationException.class, e ->
                assertThat(e.violations().get(0).field()).isEqualTo("synonyms[1]"));
        assertThatThrownBy(() -> store.setSynonyms(CITY, List.of(List.of("解約", "退\u0000会"))))
            .isInstanceOfSatisfying(ValidationException.class, e ->
                assertThat(e.violations().get(0).field()).isEqualTo("synonyms[0][1]"));

        assertThat(store.synonyms(CITY)).containsExactly(List.of("解約", "退会"));
        assertThat(store.revision(CITY)).isEqualTo(1);
    }

    @Test
    public void ofConcurrentEditsBasedOnOneVersionExactlyOneIsStored() throws Exception {
        FaqStore store = store();
        FaqEntry v1 = store.write(CITY, List.of(juminhyo())).get(0);
        AtomicLong n = new AtomicLong();

        int winners = Racers.winners(8, () -> {
            FaqEntry edit = new FaqEntry(v1.id(), v1.locale(), v1.question(), v1.phrasings(),
                "手数料は" + (300 + n.incrementAndGet()) + "円です。", v1.links(), v1.category(), v1.tags(), true, 1);
            try {
                store.write(CITY, List.of(edit));
                return true;
            } catch (ConflictException e) {
                return false;
            }
        });

        assertThat(winners).isEqualTo(1);
        assertThat(store.history(CITY, "juminhyo")).hasSize(2);
        assertThat(store.revision(CITY)).isEqualTo(2);
    }

    @Test
    public void concurrentImportsOfOneTenantEachGetTheirOwnRevision() throws Exception {
        FaqStore store = store();
        AtomicLong n = new AtomicLong();

        int winners = Racers.winners(6, () -> {
            long i = n.incrementAndGet();
            store.write(CITY, List.of(FaqEntry.builder("faq-" + i).question("質問 " + i).answer("回答").build()));
            return true;
        });

        assertThat(winners).isEqualTo(6);
        assertThat(store.revision(CITY)).isEqualTo(6);
        assertThat(store.changesSince(CITY, 0).changed()).hasSize(6);
    }

    @Test
    public void aBoostUpdateSeesTheStoredBoostAndConcurrentUpdatesAreNotLost() throws Exception {
        FaqStore store = store();
        store.updateBoost(CITY, "ja", "住民票 取る", "juminhyo", T0, current -> {
            assertThat(current).isNull();
            return 0.05;
        });

        int winners = Racers.winners(8, () -> {
            for (int i = 0; i < 10; i++) {
                store.updateBoost(CITY, "ja", "住民票 取る", "juminhyo", T0.plusSeconds(1),
                    current -> current == null ? -1 : current.value() + 0.01);
            }
            return true;
        });

        assertThat(winners).isEqualTo(8);
        List<FaqBoost> read = store.boosts(CITY, "ja", "住民票 取る", List.of("juminhyo"), T0.plusSeconds(2));
        assertThat(read).singleElement().satisfies(b -> {
            assertThat(b.value()).isCloseTo(0.85, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(b.at()).isEqualTo(Instant.parse("2026-11-24T01:00:01.123456Z"));
            assertThat(b.tenant()).isEqualTo(CITY);
        });
    }

    @Test
    public void boostsAreReadForTheQueryAndForTheFaqAloneOfTheRankedFaqsOnly() {
        FaqStore store = store();
        store.updateBoost(CITY, "ja", "住民票", "juminhyo", T0, c -> 0.1);
        store.updateBoost(CITY, "ja", "", "juminhyo", T0, c -> 0.05);
        store.updateBoost(CITY, "ja", "住民票", "gomi", T0, c -> -0.1);
        store.updateBoost(CITY, "ja", "ごみ", "juminhyo", T0, c -> 0.2);
        store.updateBoost(CITY, "en", "住民票", "juminhyo", T0, c -> 0.3);
        store.updateBoost(SHOP, "ja", "住民票", "juminhyo", T0, c -> 0.3);

        List<FaqBoost> read = store.boosts(CITY, "ja", "住民票", List.of("juminhyo", "koseki"), T0);

        assertThat(read).extracting(FaqBoost::queryKey, FaqBoost::faqId, FaqBoost::value)
            .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("住民票", "juminhyo", 0.1),
                org.assertj.core.groups.Tuple.tuple("", "juminhyo", 0.05));
        assertThat(store.boostCount(CITY)).isEqualTo(5);
        assertThat(store.boostCount(SHOP)).isEqualTo(1);
    }

    @Test
    public void boostsBeyondTheCountBoundAreDroppedLeastRecentlyChangedFirst() {
        FaqStore store = newStore(new FaqRetention(100, Duration.ofDays(30), 3, Duration.ofDays(180)));
        for (int i = 0; i < 5; i++) {
            store.updateBoost(CITY, "ja", "質問" + i, "juminhyo", T0.plusSeconds(i), c -> 0.1);
        }
        // changing the oldest survivor makes it the most recent
        store.updateBoost(CITY, "ja", "質問2", "juminhyo", T0.plusSeconds(10), c -> 0.2);
        store.updateBoost(CITY, "ja", "質問5", "juminhyo", T0.plusSeconds(11), c -> 0.1);

        assertThat(store.boostCount(CITY)).isEqualTo(3);
        for (String key : List.of("質問0", "質問1", "質問3")) {
            assertThat(store.boosts(CITY, "ja", key, List.of("juminhyo"), T0.plusSeconds(12))).as(key).isEmpty();
        }
        for (String key : List.of("質問2", "質問4", "質問5")) {
            assertThat(store.boosts(CITY, "ja", key, List.of("juminhyo"), T0.plusSeconds(12))).as(key).hasSize(1);
        }
    }

    @Test
    public void boostsOlderThanTheAgeBoundAreNeitherReadNorKept() {
        FaqStore store = newStore(new FaqRetention(100, Duration.ofDays(30), 1_000, Duration.ofDays(10)));
        store.updateBoost(CITY, "ja", "住民票", "juminhyo", T0, c -> 0.3);
        store.updateBoost(CITY, "ja", "ごみ", "gomi", T0.plus(Duration.ofDays(5)), c -> 0.3);

        assertThat(store.boosts(CITY, "ja", "住民票", List.of("juminhyo"), T0.plus(Duration.ofDays(10)))).hasSize(1);
        assertThat(store.boosts(CITY, "ja", "住民票", List.of("juminhyo"), T0.plus(Duration.ofDays(11)))).isEmpty();
        // an update after the bound starts again from nothing, and drops the expired boost
        store.updateBoost(CITY, "ja", "住民票", "juminhyo", T0.plus(Duration.ofDays(12)), c -> c == null ? 0.05 : 9);
        assertThat(store.boosts(CITY, "ja", "住民票", List.of("juminhyo"), T0.plus(Duration.ofDays(12))))
            .singleElement().satisfies(b -> assertThat(b.value()).isEqualTo(0.05));
        store.updateBoost(CITY, "ja", "戸籍", "koseki", T0.plus(Duration.ofDays(16)), c -> 0.1);
        assertThat(store.boostCount(CITY)).isEqualTo(2);
    }

    private static FaqGapQuery gap(TenantId tenant, String text, Instant at) {
        return new FaqGapQuery(tenant, "ja", text, List.of("迷子", "犬"), at);
    }

    @Test
    public void theGapLogKeepsQuestionsInTheOrderAskedPerTenantAndLanguage() {
        FaqStore store = store();
        FaqGapQuery dog = new FaqGapQuery(CITY, "ja", "迷子の犬を探してほしい\n茶色の柴犬です", List.of("迷子", "犬", "柴犬"), T0);
        FaqGapQuery cat = gap(CITY, "猫が迷子です", T0.plusSeconds(60));
        store.recordGap(dog);
        store.recordGap(cat);
        store.recordGap(new FaqGapQuery(CITY, "en", "my dog is lost", List.of("dog", "lost"), T0));
        store.recordGap(gap(SHOP, "配送が遅い", T0));

        assertThat(store.gaps(CITY, "ja", T0.plusSeconds(60))).containsExactly(dog, cat);
        assertThat(store.gaps(CITY, "ja", T0).get(0).at()).isEqualTo(Instant.parse("2026-11-24T01:00:00.123456Z"));
        assertThat(store.gapCount(CITY, "ja")).isEqualTo(2);
        assertThat(store.gapCount(CITY, "en")).isEqualTo(1);
        assertThat(store.gaps(SHOP, "ja", T0)).extracting(FaqGapQuery::text).containsExactly("配送が遅い");
        assertThat(store.gaps(SHOP, "en", T0)).isEmpty();
    }

    @Test
    public void theGapLogKeepsAtMostTheCountBoundDroppingTheOldest() {
        FaqStore store = newStore(new FaqRetention(3, Duration.ofDays(30), 100, Duration.ofDays(180)));
        for (int i = 0; i < 7; i++) {
            store.recordGap(gap(CITY, "質問 " + i, T0.plusSeconds(i)));
        }
        store.recordGap(gap(SHOP, "別の店の質問", T0));

        assertThat(store.gaps(CITY, "ja", T0.plusSeconds(7))).extracting(FaqGapQuery::text)
            .containsExactly("質問 4", "質問 5", "質問 6");
        assertThat(store.gapCount(CITY, "ja")).isEqualTo(3);
        assertThat(store.gapCount(SHOP, "ja")).isEqualTo(1);
    }

    @Test
    public void theGapLogDropsQuestionsOlderThanTheAgeBound() {
        FaqStore store = newStore(new FaqRetention(100, Duration.ofDays(30), 100, Duration.ofDays(180)));
        store.recordGap(gap(CITY, "一か月前の質問", T0));
        store.recordGap(gap(CITY, "二週間前の質問", T0.plus(Duration.ofDays(16))));

        assertThat(store.gaps(CITY, "ja", T0.plus(Duration.ofDays(30)))).hasSize(2);
        assertThat(store.gaps(CITY, "ja", T0.plus(Duration.ofDays(31)))).extracting(FaqGapQuery::text)
            .containsExactly("二週間前の質問");
        assertThat(store.gapCount(CITY, "ja")).isEqualTo(1);
        // a question recorded later drops what has aged out, read or not
        store.recordGap(gap(CITY, "今日の質問", T0.plus(Duration.ofDays(47))));
        assertThat(store.gapCount(CITY, "ja")).isEqualTo(1);
    }
}
