package io.madoguchi.core.faq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.madoguchi.core.ConflictException;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.ValidationException;
import io.madoguchi.core.time.MutableClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The matcher on its store: a derived index, optimistic edits, and bounded learning and gap log. */
class FaqMatcherStoreTest {

    private static final TenantId CITY = TenantId.of("amagasaki-city");
    private final MutableClock clock = MutableClock.startingAt(Instant.parse("2026-11-24T01:00:00Z"));

    /** Counts how often the matcher reads the catalog's changes. */
    private static class CountingStore implements FaqStore {
        final InMemoryFaqStore delegate = new InMemoryFaqStore();
        final AtomicInteger changeReads = new AtomicInteger();

        @Override
        public long revision(TenantId tenant) {
            return delegate.revision(tenant);
        }

        @Override
        public FaqChanges changesSince(TenantId tenant, long afterRevision) {
            changeReads.incrementAndGet();
            return delegate.changesSince(tenant, afterRevision);
        }

        @Override
        public List<FaqEntry> write(TenantId tenant, List<FaqEntry> entries) {
            return delegate.write(tenant, entries);
        }

        @Override
        public Optional<FaqEntry> entry(TenantId tenant, String id) {
            return delegate.entry(tenant, id);
        }

        @Override
        public List<FaqEntry> history(TenantId tenant, String id) {
            return delegate.history(tenant, id);
        }

        @Override
        public List<FaqEntry> entries(TenantId tenant) {
            return delegate.entries(tenant);
        }

        @Override
        public List<TenantId> tenants() {
            return delegate.tenants();
        }

        @Override
        public List<List<String>> synonyms(TenantId tenant) {
            return delegate.synonyms(tenant);
        }

        @Override
        public void setSynonyms(TenantId tenant, List<List<String>> groups) {
            delegate.setSynonyms(tenant, groups);
        }

        @Override
        public FaqBoost updateBoost(TenantId tenant, String language, String queryKey, String faqId, Instant now,
                                    BoostUpdate update) {
            return delegate.updateBoost(tenant, language, queryKey, faqId, now, update);
        }

        @Override
        public List<FaqBoost> boosts(TenantId tenant, String language, String queryKey, Collection<String> faqIds,
                                     Instant now) {
            return delegate.boosts(tenant, language, queryKey, faqIds, now);
        }

        @Override
        public long boostCount(TenantId tenant) {
            return delegate.boostCount(tenant);
        }

        @Override
        public void recordGap(FaqGapQuery gap) {
            delegate.recordGap(gap);
        }

        @Override
        public List<FaqGapQuery> gaps(TenantId tenant, String language, Instant now) {
            return delegate.gaps(tenant, language, now);
        }

        @Override
        public long gapCount(TenantId tenant, String language) {
            return delegate.gapCount(tenant, language);
        }

        @Override
        public long faqCount(TenantId tenant) {
            return delegate.faqCount(tenant);
        }
    }

    @Test
    void queriesReadTheCatalogAgainOnlyWhenItsRevisionMoved() {
        CountingStore store = new CountingStore();
        FaqCatalog catalog = new FaqCatalog(store);
        catalog.putAll(CITY, CityOfficeFaqs.japanese());
        try (FaqMatcher matcher = FaqMatcher.builder(catalog).clock(clock).build()) {
            int afterBuild = store.changeReads.get();
            for (int i = 0; i < 50; i++) {
                matcher.match(CITY, "住民票が欲しい", Locale.JAPANESE);
            }
            assertThat(store.changeReads.get()).isEqualTo(afterBuild);

            // a change written past this matcher's catalog (as another instance would) is read once, by the next query
            store.write(CITY, List.of(CityOfficeFaqs.ja("inkan", "印鑑登録をしたい", "市民課へ来てください。")));
            assertThat(matcher.match(CITY, "印鑑登録をしたい", Locale.JAPANESE).candidates().get(0).entry().id())
                .isEqualTo("inkan");
            matcher.match(CITY, "印鑑登録をしたい", Locale.JAPANESE);
            assertThat(store.changeReads.get()).isEqualTo(afterBuild + 1);
        }
    }

    @Test
    void concurrentPublishAndUnpublishLeaveTheIndexAgreeingWithTheCatalog() throws Exception {
        FaqCatalog catalog = new FaqCatalog();
        catalog.putAll(CITY, CityOfficeFaqs.japanese());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (FaqMatcher matcher = FaqMatcher.builder(catalog).clock(clock).build()) {
            for (int round = 0; round < 60; round++) {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<?>> edits = new ArrayList<>();
                for (boolean published : new boolean[] {true, false}) {
                    edits.add(pool.submit(() -> {
                        start.await();
                        return catalog.setPublished(CITY, "gomi", published);
                    }));
                }
                start.countDown();
                for (Future<?> f : edits) {
                    f.get(10, TimeUnit.SECONDS);
                }
                boolean published = catalog.get(CITY, "gomi").orElseThrow().published();
                boolean answered = matcher.match(CITY, "粗大ごみの出し方を知りたい", Locale.JAPANESE).candidates().stream()
                    .anyMatch(s -> s.entry().id().equals("gomi"));
                assertThat(answered).as("round %d", round).isEqualTo(published);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anEditOfAStaleRevisionIsAConflictNamingTheFaqAndTheIndexKeepsTheWinner() {
        FaqCatalog catalog = new FaqCatalog();
        catalog.putAll(CITY, CityOfficeFaqs.japanese());
        try (FaqMatcher matcher = FaqMatcher.builder(catalog).clock(clock).build()) {
            FaqEntry read = catalog.get(CITY, "juminhyo").orElseThrow();
            FaqEntry byTanaka = new FaqEntry(read.id(), read.locale(), read.question(), read.phrasings(),
                "手数料は200円です。", read.links(), read.category(), read.tags(), true, read.version());
            FaqEntry bySato = new FaqEntry(read.id(), read.locale(), read.question(), read.phrasings(),
                "手数料は400円です。", read.links(), read.category(), read.tags(), true, read.version());

            catalog.put(CITY, byTanaka);

            assertThatThrownBy(() -> catalog.put(CITY, bySato)).isInstanceOf(ConflictException.class)
                .hasMessageContaining("juminhyo");
            assertThat(matcher.match(CITY, "住民票が欲しい", Locale.JAPANESE).candidates().get(0).entry().answer())
                .isEqualTo("手数料は200円です。");
        }
    }

    @Test
    void feedbackForAnFaqTheCatalogDoesNotHaveIsRefusedAndRecordsNothing() {
        FaqCatalog catalog = new FaqCatalog();
        catalog.putAll(CITY, CityOfficeFaqs.japanese());
        try (FaqMatcher matcher = FaqMatcher.builder(catalog).clock(clock).build()) {
            assertThatThrownBy(() -> matcher.feedback(CITY, "住民票が欲しい", Locale.JAPANESE, "no-such-faq", true))
                .isInstanceOfSatisfying(ValidationException.class, e ->
                    assertThat(e.violations().get(0).field()).isEqualTo("faqId"));
            assertThat(catalog.store().boostCount(CITY)).isZero();

            matcher.feedback(CITY, "住民票が欲しい", Locale.JAPANESE, "juminhyo", true);
            assertThat(catalog.store().boostCount(CITY)).isEqualTo(2);
        }
    }

    @Test
    void aLongQueryOfDistinctKanjiIsKeptInTheGapLogCutToItsSizeBound() {
        FaqCatalog catalog = new FaqCatalog();
        catalog.putAll(CITY, CityOfficeFaqs.japanese());
        StringBuilder query = new StringBuilder();
        for (int c = 0x5000; query.length() < FaqMatcher.MAX_QUERY_LENGTH; c++) {
            query.appendCodePoint(c);
        }
        try (FaqMatcher matcher = FaqMatcher.builder(catalog).clock(clock).build()) {
            assertThat(matcher.match(CITY, query.toString(), Locale.JAPANESE).decision())
                .isEqualTo(FaqDecision.HAND_OVER);

            List<FaqGapQuery> log = catalog.store().gaps(CITY, "ja", clock.instant());
            assertThat(log).singleElement().satisfies(g -> {
                assertThat(g.text()).isEqualTo(query.substring(0, FaqGapQuery.MAX_TEXT_LENGTH));
                assertThat(g.terms()).hasSizeBetween(1, FaqGapQuery.MAX_TERMS);
            });
        }
    }

    @Test
    void repeatedFeedbackOnManyQueriesKeepsTheBoostsWithinTheirCountBound() {
        FaqCatalog catalog = new FaqCatalog(new InMemoryFaqStore(
            new FaqRetention(100, java.time.Duration.ofDays(30), 10, java.time.Duration.ofDays(180))));
        catalog.putAll(CITY, CityOfficeFaqs.japanese());
        try (FaqMatcher matcher = FaqMatcher.builder(catalog).clock(clock).build()) {
            for (int i = 0; i < 40; i++) {
                matcher.feedback(CITY, "住民票" + i + "通が欲しい", Locale.JAPANESE, "juminhyo", true);
                clock.advance(java.time.Duration.ofSeconds(1));
            }
            assertThat(catalog.store().boostCount(CITY)).isEqualTo(10);
        }
    }

    @Test
    void matchingAndRecordingGapsGoOnWhileAGapReportIsBeingGrouped() throws Exception {
        CountDownLatch grouping = new CountDownLatch(1);
        CountDownLatch matched = new CountDownLatch(1);
        CountingStore store = new CountingStore() {
            @Override
            public List<FaqGapQuery> gaps(TenantId tenant, String language, Instant now) {
                List<FaqGapQuery> log = super.gaps(tenant, language, now);
                // the report reads the log as this list: its first element waits until a match has gone through
                return new java.util.AbstractList<>() {
                    @Override
                    public FaqGapQuery get(int index) {
                        grouping.countDown();
                        try {
                            assertThat(matched.await(10, TimeUnit.SECONDS)).as("a match while grouping").isTrue();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new IllegalStateException(e);
                        }
                        return log.get(index);
                    }

                    @Override
                    public int size() {
                        return log.size();
                    }
                };
            }
        };
        FaqCatalog catalog = new FaqCatalog(store);
        catalog.putAll(CITY, CityOfficeFaqs.japanese());
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (FaqMatcher matcher = FaqMatcher.builder(catalog).clock(clock).build()) {
            matcher.match(CITY, "迷子の犬を探してほしい", Locale.JAPANESE);
            Future<List<FaqGap>> report = pool.submit(() -> matcher.gapReport(CITY, Locale.JAPANESE, 5));
            assertThat(grouping.await(10, TimeUnit.SECONDS)).isTrue();

            assertThat(matcher.match(CITY, "迷子の猫を探してほしい", Locale.JAPANESE).decision())
                .isEqualTo(FaqDecision.HAND_OVER);
            matched.countDown();

            assertThat(report.get(10, TimeUnit.SECONDS)).extracting(FaqGap::count).containsExactly(1);
            assertThat(store.gapCount(CITY, "ja")).isEqualTo(2);
        } finally {
            pool.shutdownNow();
        }
    }
}
