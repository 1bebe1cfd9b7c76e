package io.madoguchi.core.faq;

import io.madoguchi.core.TenantId;
import io.madoguchi.core.ValidationException;
import io.madoguchi.core.faq.internal.FaqAnalysis;
import io.madoguchi.core.faq.internal.FeedbackBoosts;
import io.madoguchi.core.faq.internal.GapCollector;
import io.madoguchi.core.faq.internal.JapaneseNormalizer;
import io.madoguchi.core.faq.internal.KanaRespelling;
import io.madoguchi.core.faq.internal.LuceneFaqIndex;
import io.madoguchi.core.faq.internal.TextChecks;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Finds the FAQ that answers a customer's question and decides whether to answer automatically, suggest
 * the top three, or hand over to a person.
 *
 * <p>Its state lives in the catalog's {@link FaqStore}: the FAQs and synonyms, the boosts learned from feedback
 * ({@link #feedback}, bounded and decaying) and the gap log of queries that found nothing good (for the
 * {@link #gapReport gap report}, bounded by count and age). A matcher built again on the same store after a restart
 * answers as before. Its Lucene index per tenant and language is a cache derived from the catalog: built from the
 * store, updated when the catalog changes through this matcher's {@link FaqCatalog}, and, for changes made
 * elsewhere (another host instance on the same store), when a query or {@link #refresh()} finds that the tenant's
 * catalog revision moved past the index's. The revision is polled on every query, or at most once per
 * {@link Builder#revisionPollInterval poll interval}; nothing is rebuilt while it stays the same.
 *
 * <p>Thread-safe: matches run concurrently; index updates of a tenant are applied under a lock per tenant, in
 * revision order, so the index always shows one revision of the catalog.
 */
public final class FaqMatcher implements AutoCloseable {

    /** Longest accepted query, in characters. */
    public static final int MAX_QUERY_LENGTH = 2_000;

    /** Names of the confidence features, in the order {@link FaqCalibration#confidence} takes them (it uses the
     * first nine; {@code questionMargin} and {@code unmatchedNoun} are reported for calibration fits). */
    private static final List<String> FEATURES = List.of("coverage", "gramCoverage", "margin", "logTopScore",
        "logQueryTerms", "rerankerTop", "questionCoverage", "keyNoun", "faqKeyNouns", "questionMargin",
        "unmatchedNoun");

    /** How many of the best FAQs lend their words to reading a query's kana. */
    private static final int RESPELLING_CANDIDATES = 3;

    /** The derived state of one tenant: its indexes and synonyms at one catalog revision. */
    private static final class TenantIndex {
        /** The catalog revision the indexes show; -1 before the first load. */
        volatile long revision = -1;
        volatile List<List<String>> synonyms = List.of();
        volatile Instant checkedAt = Instant.MIN;
        final Map<String, LuceneFaqIndex> byLanguage = new ConcurrentHashMap<>();
    }

    private final Clock clock;
    private final FaqCatalog catalog;
    private final FaqStore store;
    private final @Nullable FaqReranker reranker;
    private final double rerankerWeight;
    private final int rerankDepth;
    private final int maxCandidates;
    private final double answerThreshold;
    private final double suggestThreshold;
    private final Duration pollInterval;
    private final Map<String, FaqCalibration> calibrations;
    private final Map<String, LuceneFaqIndex.Params> params;
    private final Map<TenantId, TenantIndex> tenants = new ConcurrentHashMap<>();
    private final FeedbackBoosts boosts;
    private final BiConsumer<TenantId, List<FaqEntry>> listener = (tenant, changed) -> refresh(tenant);
    private volatile boolean closed;

    private FaqMatcher(Builder b) {
        this.clock = b.clock;
        this.catalog = b.catalog;
        this.store = b.catalog.store();
        this.reranker = b.reranker;
        this.rerankerWeight = b.rerankerWeight;
        this.rerankDepth = b.rerankDepth;
        this.maxCandidates = b.maxCandidates;
        this.answerThreshold = b.answerThreshold;
        this.suggestThreshold = b.suggestThreshold;
        this.pollInterval = b.pollInterval;
        this.calibrations = Map.copyOf(b.calibrations);
        this.params = Map.copyOf(b.params);
        this.boosts = new FeedbackBoosts(b.feedbackStep, b.feedbackMax, b.feedbackHalfLife);
        catalog.addListener(listener);
        refresh();
    }

    /**
     * Starts a builder for a matcher over a catalog.
     *
     * @param catalog the catalog to index and follow; the matcher keeps its boosts and gap log in its store
     * @return a new builder
     */
    public static Builder builder(FaqCatalog catalog) {
        return new Builder(catalog);
    }

    /**
     * Brings every tenant's index up to its catalog revision in the store now, including tenants this matcher has
     * not indexed yet (for example written by another host instance).
     */
    public void refresh() {
        java.util.Set<TenantId> all = new java.util.LinkedHashSet<>(store.tenants());
        all.addAll(tenants.keySet());
        all.forEach(this::refresh);
    }

    /**
     * Brings one tenant's index up to its catalog revision in the store now.
     *
     * @param tenant the tenant
     */
    public void refresh(TenantId tenant) {
        Objects.requireNonNull(tenant, "tenant");
        if (closed) {
            return;
        }
        load(tenants.computeIfAbsent(tenant, t -> new TenantIndex()), tenant, store.revision(tenant));
    }

    /** The tenant's derived state, brought up to the store's revision when it is time to poll. */
    private @Nullable TenantIndex current(TenantId tenant) {
        TenantIndex state = tenants.get(tenant);
        Instant now = pollInterval.isZero() ? Instant.MIN : clock.instant();
        if (state != null && !pollInterval.isZero() && now.isBefore(state.checkedAt.plus(pollInterval))) {
            return state;
        }
        long revision = store.revision(tenant);
        if (state == null) {
            if (revision == 0) {
                return null; // nothing to index: no state kept for tenants without a catalog
            }
            state = tenants.computeIfAbsent(tenant, t -> new TenantIndex());
        }
        state.checkedAt = now;
        if (revision != state.revision) {
            load(state, tenant, revision);
        }
        return state;
    }

    private void load(TenantIndex state, TenantId tenant, long seen) {
        synchronized (state) {
            if (closed || seen == state.revision) {
                return;
            }
            // another thread may have applied a later revision since this one was read: read it again
            long stored = seen < state.revision ? store.revision(tenant) : seen;
            if (stored == state.revision) {
                return;
            }
            if (stored < state.revision) {
                // the store went back (restored, or another store): build again from nothing
                state.byLanguage.values().forEach(LuceneFaqIndex::close);
                state.byLanguage.clear();
                state.revision = -1;
            }
            FaqChanges changes = store.changesSince(tenant, Math.max(0, state.revision));
            apply(state, changes.changed());
            state.synonyms = changes.synonyms().stream()
                .map(g -> g.stream().map(JapaneseNormalizer::nfkc).toList()).toList();
            state.revision = changes.revision();
        }
    }

    private void apply(TenantIndex state, List<FaqEntry> changed) {
        Map<String, List<FaqEntry>> up = new HashMap<>();
        Map<String, List<String>> down = new HashMap<>();
        for (FaqEntry e : changed) {
            String lang = e.locale().getLanguage();
            if (e.published()) {
                up.computeIfAbsent(lang, k -> new ArrayList<>()).add(e);
            } else {
                down.computeIfAbsent(lang, k -> new ArrayList<>()).add(e.id());
            }
            // an entry whose language changed must leave the other index
            String other = lang.equals("ja") ? "en" : "ja";
            down.computeIfAbsent(other, k -> new ArrayList<>()).add(e.id());
        }
        for (String lang : List.of("ja", "en")) {
            LuceneFaqIndex index = up.containsKey(lang)
                ? state.byLanguage.computeIfAbsent(lang, l -> new LuceneFaqIndex(FaqAnalysis.forLanguage(l),
                    params.getOrDefault(l, LuceneFaqIndex.Params.defaults(l))))
                : state.byLanguage.get(lang);
            if (index == null) {
                continue;
            }
            if (down.containsKey(lang)) {
                index.delete(down.get(lang));
            }
            if (up.containsKey(lang)) {
                index.upsert(up.get(lang));
                if (reranker != null) {
                    reranker.prepare(Locale.forLanguageTag(lang),
                        up.get(lang).stream().map(e -> candidate(e, 0)).toList());
                }
            }
        }
    }

    /**
     * Sets a tenant's synonym dictionary in the store, replacing the previous one. Each group lists words that mean
     * the same to the tenant's customers (解約 / 退会 / キャンセル, refund / money back); a query containing
     * one also searches for the others. Other matchers on the store take it at their next revision poll.
     *
     * @param tenant the tenant
     * @param groups synonym groups, each with at least two entries
     * @throws ValidationException naming the group when a group is too small or an entry invalid
     */
    public void setSynonyms(TenantId tenant, List<List<String>> groups) {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(groups, "groups");
        List<List<String>> checked = FaqStore.checkSynonyms(groups);
        store.setSynonyms(tenant,
            checked.stream().map(g -> g.stream().map(JapaneseNormalizer::nfkc).toList()).toList());
        refresh(tenant);
    }

    /**
     * @param tenant the tenant
     * @return the tenant's synonym groups as stored
     */
    public List<List<String>> synonyms(TenantId tenant) {
        return store.synonyms(Objects.requireNonNull(tenant, "tenant"));
    }

    /**
     * Matches a query against a tenant's published FAQs in the query's language.
     *
     * @param tenant the tenant
     * @param query  the customer's question
     * @param locale the language of the query (ja or en)
     * @return the decision, confidence and candidates
     * @throws ValidationException naming {@code query} when it is blank, longer than
     *                             {@value #MAX_QUERY_LENGTH} characters or contains control characters, or
     *                             {@code locale} when it is not Japanese or English
     */
    public FaqMatch match(TenantId tenant, String query, Locale locale) {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(locale, "locale");
        TextChecks.requireQuery("query", query, MAX_QUERY_LENGTH);
        String lang = language(locale);
        TenantIndex state = current(tenant);
        LuceneFaqIndex index = state == null ? null : state.byLanguage.get(lang);
        List<List<String>> synonyms = state == null ? List.of() : state.synonyms;
        FaqCalibration cal = calibrations.getOrDefault(lang, FaqCalibration.defaults(lang));
        List<String[]> synonymHits = synonymHits(synonyms, query, lang);
        List<String> expansions = synonymHits.stream().map(h -> h[1]).toList();
        if (index == null || index.size() == 0) {
            return new FaqMatch(FaqDecision.HAND_OVER, 0, List.of(), Map.of());
        }
        // one reader and one lookup of each term for the whole query: its searches and confidence features
        try (LuceneFaqIndex.View view = index.view()) {
            LuceneFaqIndex.ParsedQuery parsed = index.parse(query, expansions);
            Ranking ranking = rank(tenant, lang, view, parsed, query, locale);
            if (ranking == null) {
                recordGap(tenant, lang, query, parsed);
                return new FaqMatch(FaqDecision.HAND_OVER, 0, List.of(), Map.of());
            }
            double[] f = features(index, view, ranking, query, synonymHits, cal);
            double confidence = cal.confidence(f);
            if (lang.equals("ja")) {
                // kana that read as kanji or katakana words of the best FAQs count as those words: the question in
                // hiragana or half-width katakana is as confident as the same question in kanji
                List<List<FaqAnalysis.Spelling>> spellings = new ArrayList<>();
                for (int i = 0; i < Math.min(RESPELLING_CANDIDATES, ranking.order().length); i++) {
                    spellings.add(index.texts(ranking.hits().get(ranking.order()[i]).entry()).spellings());
                }
                String respelled = KanaRespelling.respellWith(query, spellings);
                if (!respelled.equals(JapaneseNormalizer.nfkc(query))) {
                    List<String[]> respelledSynonyms = synonymHits(synonyms, respelled, lang);
                    Ranking again = rank(tenant, lang, view,
                        index.parse(respelled, respelledSynonyms.stream().map(h -> h[1]).toList()), respelled, locale);
                    double[] g = again == null ? null : features(index, view, again, respelled, respelledSynonyms, cal);
                    if (again != null && g != null && cal.confidence(g) > confidence) {
                        ranking = again;
                        f = g;
                        confidence = cal.confidence(g);
                    }
                }
            }
            List<ScoredFaq> ranked = new ArrayList<>();
            for (int i = 0; i < Math.min(maxCandidates, ranking.order().length); i++) {
                int k = ranking.order()[i];
                ranked.add(new ScoredFaq(ranking.hits().get(k).entry(), ranking.scores()[k]));
            }
            FaqDecision decision = confidence >= answerThreshold ? FaqDecision.ANSWER
                : confidence >= suggestThreshold ? FaqDecision.SUGGEST : FaqDecision.HAND_OVER;
            if (decision == FaqDecision.HAND_OVER) {
                recordGap(tenant, lang, query, parsed);
            }
            Map<String, Double> features = new LinkedHashMap<>();
            for (int i = 0; i < FEATURES.size(); i++) {
                features.put(FEATURES.get(i), f[i]);
            }
            return new FaqMatch(decision, confidence, ranked, features);
        }
    }

    /**
     * The lexical hits of a query with their final scores (reranked and boosted by feedback) and their order.
     *
     * @param rr the reranker's scores of the hits, or null without reranker
     */
    private record Ranking(LuceneFaqIndex.ParsedQuery parsed, List<LuceneFaqIndex.Hit> hits, double[] scores,
                           int[] order, double lexTop, double @Nullable [] rr) {
        LuceneFaqIndex.Hit top() {
            return hits.get(order[0]);
        }
    }

    private @Nullable Ranking rank(TenantId tenant, String lang, LuceneFaqIndex.View view,
                                   LuceneFaqIndex.ParsedQuery parsed, String query, Locale locale) {
        int depth = Math.max(maxCandidates, reranker == null ? maxCandidates : rerankDepth);
        List<LuceneFaqIndex.Hit> hits = view.search(parsed, depth);
        if (hits.isEmpty()) {
            return null;
        }
        double[] scores = new double[hits.size()];
        double lexTop = hits.get(0).score();
        double[] rr = null;
        if (reranker != null) {
            rr = reranker.score(query, locale, hits.stream().map(h -> candidate(h.entry(), h.score())).toList());
        }
        Instant now = clock.instant();
        String key = FeedbackBoosts.queryKey(parsed.words());
        Map<String, FaqBoost> forQuery = new HashMap<>();
        Map<String, FaqBoost> forFaq = new HashMap<>();
        for (FaqBoost b : store.boosts(tenant, lang, key, hits.stream().map(h -> h.entry().id()).toList(), now)) {
            (b.queryKey().isEmpty() ? forFaq : forQuery).put(b.faqId(), b);
        }
        for (int i = 0; i < scores.length; i++) {
            double s = hits.get(i).score();
            if (rr != null) {
                s = (1 - rerankerWeight) * s / lexTop + rerankerWeight * rr[i];
            }
            String id = hits.get(i).entry().id();
            scores[i] = forQuery.isEmpty() && forFaq.isEmpty() ? s
                : s * boosts.factor(forQuery.get(id), forFaq.get(id), now);
        }
        int[] order = java.util.stream.IntStream.range(0, scores.length).boxed()
            .sorted(Comparator.comparingDouble((Integer i) -> -scores[i])).mapToInt(Integer::intValue).toArray();
        return new Ranking(parsed, hits, scores, order, lexTop, rr);
    }

    /** The confidence features of a ranking's top FAQ, in the order of {@link #FEATURES}. */
    private double[] features(LuceneFaqIndex index, LuceneFaqIndex.View view, Ranking ranking, String query,
                              List<String[]> synonymHits, FaqCalibration cal) {
        LuceneFaqIndex.ParsedQuery parsed = ranking.parsed();
        LuceneFaqIndex.Hit top = ranking.top();
        double[] cov = view.coverage(parsed.words(), parsed.grams(), top.doc());
        // the query and the FAQs were analysed once, the query for its search and the FAQs when indexed
        FaqAnalysis.Terms asked = parsed.asked().terms();
        List<FaqAnalysis.Terms> faq = index.texts(top.entry()).terms();
        // the idf of the query's words, for both candidates' evidence (each word's idf is the same in any set)
        Map<String, Double> idf = view.wordIdf(asked.words());
        double[] key = questionEvidence(idf, asked, faq);
        LuceneFaqIndex.FaqNouns nouns = view.faqNouns(top.entry());
        double[] distinct = faqEvidence(index, idf, asked, faq, nouns);
        String normalized = JapaneseNormalizer.nfkc(query);
        for (String[] hit : synonymHits) {
            // a synonym counts as the word it replaces
            String replaced = normalized.replace(hit[0], hit[1]);
            LuceneFaqIndex.ParsedQuery variant = index.parse(replaced, List.of());
            double[] c = view.coverage(variant.words(), variant.grams(), top.doc());
            cov[0] = Math.max(cov[0], c[0]);
            cov[1] = Math.max(cov[1], c[1]);
            Map<String, Double> variantIdf = view.wordIdf(variant.asked().terms().words());
            double[] k = questionEvidence(variantIdf, variant.asked().terms(), faq);
            key[0] = Math.max(key[0], k[0]);
            key[1] = Math.max(key[1], k[1]);
            double[] d = faqEvidence(index, variantIdf, variant.asked().terms(), faq, nouns);
            distinct[0] = Math.max(distinct[0], d[0]);
            distinct[1] = Math.min(distinct[1], d[1]);
        }
        int[] order = ranking.order();
        double second = 0;
        if (order.length > 1) {
            second = questionEvidence(idf, asked, index.texts(ranking.hits().get(order[1]).entry()).terms())[0];
        }
        double s1 = ranking.scores()[order[0]];
        double s2 = order.length > 1 ? ranking.scores()[order[1]] : 0;
        double[] rr = ranking.rr();
        return new double[] {cov[0], cov[1], s1 <= 0 ? 0 : (s1 - Math.max(0, s2)) / s1,
            Math.log1p(Math.max(0, rr == null ? s1 : ranking.lexTop()) * cal.scoreScale(index.size())),
            Math.log1p(new java.util.HashSet<>(parsed.words()).size()),
            rr == null ? 0 : rr[order[0]], key[0], key[1], distinct[0], key[0] - second, distinct[1]};
    }

    /**
     * {FAQ key nouns, unmatched noun}: the idf-weighted share of the FAQ's two distinguishing nouns (the nouns of
     * its question and phrasings rarest in the catalog, the ones that set it apart from its neighbours) that the
     * query names, as written or by reading; and the idf, relative to that of a word no FAQ holds, of the rarest
     * query noun the FAQ's question does not name (1: the query asks about something no FAQ mentions). {@code idf}
     * is that of the query's words ({@link LuceneFaqIndex.View#wordIdf}).
     */
    private static double[] faqEvidence(LuceneFaqIndex index, Map<String, Double> idf, FaqAnalysis.Terms asked,
                                        List<FaqAnalysis.Terms> faq, LuceneFaqIndex.FaqNouns nouns) {
        java.util.Set<String> said = new java.util.HashSet<>(asked.words());
        asked.wordReadings().stream().filter(r -> r.length() >= 2).forEach(said::add);
        double total = 0;
        double named = 0;
        for (int i = 0; i < nouns.distinct().size(); i++) {
            String w = nouns.distinct().get(i);
            double weight = nouns.weights().get(i);
            total += weight;
            String r = nouns.readings().get(i);
            named += said.contains(w) || r != null && r.length() >= 2 && said.contains(r) ? weight : 0;
        }
        double unknown = Math.log(1 + (index.size() + 0.5) / 0.5);
        double unmatched = 0;
        for (int i = 0; i < asked.words().size(); i++) {
            String w = asked.words().get(i);
            String r = asked.wordReadings().get(i);
            boolean faqSaysIt = says(faq, w) || r.length() >= 2 && says(faq, r);
            if (asked.nouns().contains(w) && !faqSaysIt) {
                unmatched = Math.max(unmatched, idf.getOrDefault(w, 0.0) / unknown);
            }
        }
        return new double[] {total == 0 ? 0 : named / total, unmatched};
    }

    /** Whether an FAQ's question or phrasings hold a word, as written or as the reading (two kana or more) of one. */
    private static boolean says(List<FaqAnalysis.Terms> faq, String word) {
        for (FaqAnalysis.Terms t : faq) {
            if (t.words().contains(word) || word.length() >= 2 && t.wordReadings().contains(word)) {
                return true;
            }
        }
        return false;
    }

    /**
     * {question coverage, key noun}: the idf-weighted share of the query's words found in the FAQ's question or
     * phrasings, as written or by reading, and 1 when its key noun (the rarest; without nouns the rarest word)
     * is among them. {@code idf} is that of the query's words ({@link LuceneFaqIndex.View#wordIdf}).
     */
    private static double[] questionEvidence(Map<String, Double> idf, FaqAnalysis.Terms asked,
                                             List<FaqAnalysis.Terms> faq) {
        // a query has a few words and an FAQ a few dozen: scanning the FAQ's lists beats hashing them per candidate
        Map<String, Boolean> found = new HashMap<>();
        for (int i = 0; i < asked.words().size(); i++) {
            String w = asked.words().get(i);
            String r = asked.wordReadings().get(i);
            found.merge(w, inFaq(w, r, faq), Boolean::logicalOr);
        }
        double total = 0;
        double covered = 0;
        for (var e : found.entrySet()) {
            double weight = idf.getOrDefault(e.getKey(), 0.0);
            total += weight;
            covered += e.getValue() ? weight : 0;
        }
        List<String> candidates = asked.nouns().isEmpty() ? asked.words() : asked.nouns();
        // the word of highest idf; of equal ones, the first in String order (as the stream's comparator chose)
        String key = null;
        double keyIdf = 0;
        for (String w : candidates) {
            double d = idf.getOrDefault(w, 0.0);
            if (key == null || d > keyIdf || d == keyIdf && w.compareTo(key) < 0) {
                key = w;
                keyIdf = d;
            }
        }
        return new double[] {total == 0 ? 0 : covered / total, key != null && found.getOrDefault(key, false) ? 1 : 0};
    }

    /** Whether an FAQ's texts hold a query's word, or its reading when that is two characters or more. */
    private static boolean inFaq(String word, String reading, List<FaqAnalysis.Terms> faq) {
        for (FaqAnalysis.Terms t : faq) {
            if (t.words().contains(word)) {
                return true;
            }
        }
        if (reading.length() >= 2) {
            for (FaqAnalysis.Terms t : faq) {
                if (t.wordReadings().contains(reading)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Records a handed-over query in the gap log, when it has key terms.
     *
     * @param parsed the query as parsed for its search: its gap terms come from the same analysis
     */
    private void recordGap(TenantId tenant, String lang, String query, LuceneFaqIndex.ParsedQuery parsed) {
        List<String> terms = GapCollector.keyTerms(parsed.asked().gapTerms());
        if (!terms.isEmpty()) {
            store.recordGap(new FaqGapQuery(tenant, lang, GapCollector.keptText(query), terms, clock.instant()));
        }
    }

    /** Returns {word found in the query, synonym} pairs. */
    private static List<String[]> synonymHits(List<List<String>> groups, String query, String lang) {
        if (groups.isEmpty()) {
            return List.of();
        }
        String q = JapaneseNormalizer.nfkc(query);
        String folded = JapaneseNormalizer.fold(q);
        List<String[]> out = new ArrayList<>();
        for (List<String> g : groups) {
            for (String m : g) {
                boolean hit = lang.equals("ja") ? folded.contains(JapaneseNormalizer.fold(m))
                    : Pattern.compile("\\b" + Pattern.quote(m) + "\\b").matcher(q).find();
                if (hit) {
                    g.stream().filter(o -> !o.equals(m)).forEach(o -> out.add(new String[] {m, o}));
                    break;
                }
            }
        }
        return out;
    }

    /**
     * Records whether an answer helped; later matches of queries with the same normalized terms rank that
     * FAQ higher (or lower). Boosts are bounded and decay with the configured half-life; they are kept in the
     * store (bounded by count and age, see {@link FaqRetention}), so matchers on the same store share them.
     *
     * @param tenant  the tenant
     * @param query   the query the FAQ was shown for
     * @param locale  the query's language
     * @param faqId   the FAQ shown
     * @param helpful whether it helped
     * @throws ValidationException naming {@code query}, {@code locale} or {@code faqId} when invalid, or
     *                             {@code faqId} when the tenant's catalog has no such FAQ; nothing is recorded
     */
    public void feedback(TenantId tenant, String query, Locale locale, String faqId, boolean helpful) {
        Objects.requireNonNull(tenant, "tenant");
        TextChecks.requireQuery("query", query, MAX_QUERY_LENGTH);
        TextChecks.requireText("faqId", faqId, 200, false);
        String lang = language(locale);
        if (store.entry(tenant, faqId).isEmpty()) {
            throw ValidationException.of("faqId", "names no FAQ of the tenant's catalog");
        }
        String key = FeedbackBoosts.queryKey(FaqAnalysis.forLanguage(lang).analyzeQuery(query).words());
        Instant now = clock.instant();
        store.updateBoost(tenant, lang, key, faqId, now, current -> boosts.next(current, helpful, now));
        if (!key.isEmpty()) {
            store.updateBoost(tenant, lang, "", faqId, now, current -> boosts.next(current, helpful, now));
        }
    }

    /**
     * Groups the queries that were handed over (nothing good found) by shared key terms, largest group
     * first: the FAQs to write next. The gap log is read from the store (bounded by count and age, see
     * {@link FaqRetention}) and grouped without holding any lock that matching needs.
     *
     * @param tenant    the tenant
     * @param locale    the language
     * @param maxGroups most groups returned, at least 1
     * @return the groups
     * @throws ValidationException naming {@code maxGroups} when it is below 1, or {@code locale} when it is not
     *                             Japanese or English
     */
    public List<FaqGap> gapReport(TenantId tenant, Locale locale, int maxGroups) {
        Objects.requireNonNull(tenant, "tenant");
        if (maxGroups < 1) {
            throw ValidationException.of("maxGroups", "must be at least 1, was " + maxGroups);
        }
        return GapCollector.report(store.gaps(tenant, language(locale), clock.instant()), maxGroups);
    }

    private static String language(Locale locale) {
        Objects.requireNonNull(locale, "locale");
        String lang = locale.getLanguage();
        if (!lang.equals("ja") && !lang.equals("en")) {
            throw ValidationException.of("locale", "must be ja or en, was '" + locale.toLanguageTag() + "'");
        }
        return lang;
    }

    private static FaqReranker.Candidate candidate(FaqEntry e, double score) {
        return new FaqReranker.Candidate(e.id(), e.version(), e.question(), e.phrasings(), e.answer(), score);
    }

    /** Releases the indexes; the matcher stops following the catalog. The store keeps everything. */
    @Override
    public void close() {
        closed = true;
        catalog.removeListener(listener);
        for (TenantIndex state : tenants.values()) {
            synchronized (state) {
                state.byLanguage.values().forEach(LuceneFaqIndex::close);
            }
        }
    }

    /** Builder for {@link FaqMatcher}; not thread-safe. */
    public static final class Builder {
        private final FaqCatalog catalog;
        private Clock clock = Clock.systemUTC();
        private @Nullable FaqReranker reranker;
        private double rerankerWeight = 0.7;
        private int rerankDepth = 30;
        private int maxCandidates = 10;
        private double answerThreshold = 0.85;
        private double suggestThreshold = 0.3;
        private final Map<String, FaqCalibration> calibrations = new HashMap<>();
        private final Map<String, LuceneFaqIndex.Params> params = new HashMap<>();
        private double feedbackStep = 0.05;
        private double feedbackMax = 0.3;
        private Duration feedbackHalfLife = Duration.ofDays(30);
        private Duration pollInterval = Duration.ZERO;

        private Builder(FaqCatalog catalog) {
            this.catalog = Objects.requireNonNull(catalog, "catalog");
        }

        /**
         * Sets how often a query checks the store's catalog revision for changes made elsewhere (another host
         * instance on the same store). Changes made through this matcher's catalog are applied at once whatever
         * the interval; {@link FaqMatcher#refresh()} checks now.
         *
         * @param value the interval, on the matcher's clock; zero (the default) checks on every query
         * @return this builder
         */
        public Builder revisionPollInterval(Duration value) {
            this.pollInterval = Objects.requireNonNull(value, "revisionPollInterval");
            return this;
        }

        /**
         * @param value clock for feedback decay; default system UTC
         * @return this builder
         */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /**
         * Adds a second-stage reranker.
         *
         * @param value  the reranker
         * @param weight weight of its score against the normalized lexical score, in [0,1]
         * @param depth  number of lexical candidates it re-scores
         * @return this builder
         */
        public Builder reranker(FaqReranker value, double weight, int depth) {
            this.reranker = Objects.requireNonNull(value, "reranker");
            this.rerankerWeight = weight;
            this.rerankDepth = depth;
            return this;
        }

        /**
         * @param value number of candidates returned; default 10
         * @return this builder
         */
        public Builder maxCandidates(int value) {
            this.maxCandidates = value;
            return this;
        }

        /**
         * Sets the decision thresholds.
         *
         * @param answer  confidence from which the top answer is given automatically (default 0.85)
         * @param suggest confidence from which the top three are suggested (default 0.3)
         * @return this builder
         */
        public Builder thresholds(double answer, double suggest) {
            this.answerThreshold = answer;
            this.suggestThreshold = suggest;
            return this;
        }

        /**
         * Replaces the default calibration of a language (for example when a reranker is used).
         *
         * @param locale      the language
         * @param calibration the calibration
         * @return this builder
         */
        public Builder calibration(Locale locale, FaqCalibration calibration) {
            calibrations.put(locale.getLanguage(), Objects.requireNonNull(calibration, "calibration"));
            return this;
        }

        /**
         * Sets the feedback learning parameters.
         *
         * @param step     boost change per feedback (default 0.05)
         * @param max      largest absolute boost (default 0.3, i.e. scores change by at most ±30%)
         * @param halfLife time for a boost to halve (default 30 days)
         * @return this builder
         */
        public Builder feedback(double step, double max, Duration halfLife) {
            this.feedbackStep = step;
            this.feedbackMax = max;
            this.feedbackHalfLife = Objects.requireNonNull(halfLife, "halfLife");
            return this;
        }

        /**
         * Builds the matcher and indexes the catalog's published entries.
         *
         * @return the matcher
         * @throws ValidationException when a setting is out of range
         */
        public FaqMatcher build() {
            List<io.madoguchi.core.Violation> v = new ArrayList<>();
            if (!(rerankerWeight >= 0 && rerankerWeight <= 1)) {
                v.add(new io.madoguchi.core.Violation("rerankerWeight", "must be in [0,1], was " + rerankerWeight));
            }
            if (rerankDepth < 1 || rerankDepth > 1000) {
                v.add(new io.madoguchi.core.Violation("rerankDepth", "must be in [1,1000], was " + rerankDepth));
            }
            if (maxCandidates < 1 || maxCandidates > 100) {
                v.add(new io.madoguchi.core.Violation("maxCandidates", "must be in [1,100], was " + maxCandidates));
            }
            if (!(suggestThreshold >= 0 && suggestThreshold <= answerThreshold && answerThreshold <= 1)) {
                v.add(new io.madoguchi.core.Violation("thresholds",
                    "need 0 <= suggest <= answer <= 1, were " + suggestThreshold + ", " + answerThreshold));
            }
            if (!(feedbackStep > 0 && feedbackMax > 0 && feedbackMax < 1) || feedbackHalfLife.isNegative()
                || feedbackHalfLife.isZero()) {
                v.add(new io.madoguchi.core.Violation("feedback", "need step > 0, 0 < max < 1, positive half-life"));
            }
            if (pollInterval.isNegative()) {
                v.add(new io.madoguchi.core.Violation("revisionPollInterval",
                    "must not be negative, was " + pollInterval));
            }
            if (!v.isEmpty()) {
                throw new ValidationException(v);
            }
            return new FaqMatcher(this);
        }
    }
}
