package io.madoguchi.core.faq.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.madoguchi.core.faq.FaqEntry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.lucene.search.CollectionStatistics;
import org.apache.lucene.search.TermStatistics;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.search.similarities.Similarity.SimScorer;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.Test;

/**
 * Bulk imports (from 256 FAQs) are analysed on several threads and written by one; these tests pin
 * that they index exactly what FAQ-by-FAQ updates index.
 */
class LuceneFaqIndexTest {

    private static final String[] PLACES = {"市役所", "区役所", "図書館", "保育所", "公民館", "体育館", "市民病院", "清掃工場"};
    private static final String[] ACTS = {"住民票の写しを取りたい", "粗大ごみを捨てたい", "駐車場を使いたい", "予約を取り消したい",
        "開館時間を知りたい", "手数料を払いたい", "申請書をダウンロードしたい", "パスワードを忘れた"};

    /** 640 distinct Japanese FAQs, some with equal texts apart from a number, so that scores tie. */
    private static List<FaqEntry> faqs(String version) {
        List<FaqEntry> out = new ArrayList<>();
        for (int i = 0; i < 640; i++) {
            String place = PLACES[i % PLACES.length];
            String act = ACTS[(i / PLACES.length) % ACTS.length];
            out.add(FaqEntry.builder("faq-" + i).locale(Locale.JAPANESE)
                .question(place + "で" + act + "（第" + (i / 64) + "版）")
                .phrasings(List.of(place + " " + act.substring(0, 3), "ｷｬﾝｾﾙ " + i % 7))
                .answer(place + "の窓口で受け付けます。" + act + "場合は、平日の午前９時から午後５時までにお越しください。" + version)
                .build());
        }
        return out;
    }

    /** Hits as id=score, ties in id order (merges of small segments renumber documents). */
    private static List<String> scores(LuceneFaqIndex index, String query) {
        return index.search(index.parse(query, List.of()), 1000).stream()
            .sorted(Comparator.comparingDouble((LuceneFaqIndex.Hit h) -> -h.score()).thenComparing(h -> h.entry().id()))
            .map(h -> h.entry().id() + "=" + h.score()).toList();
    }

    private static LuceneFaqIndex index() {
        return new LuceneFaqIndex(FaqAnalysis.forLanguage("ja"), LuceneFaqIndex.Params.defaults("ja"));
    }

    /** The 640 FAQs, then 40 of them updated one by one and two deleted. */
    private static LuceneFaqIndex severalSegmentsWithDeletions() {
        LuceneFaqIndex index = index();
        index.upsert(faqs(""));
        // FAQs updated one by one leave deleted documents and further segments behind
        for (FaqEntry e : faqs("窓口を移転しました").subList(0, 40)) {
            index.upsert(List.of(e));
        }
        index.delete(List.of("faq-41", "faq-42"));
        return index;
    }

    @Test
    void bulkImportIndexesExactlyWhatOneByOneUpdatesIndex() {
        List<FaqEntry> faqs = faqs("");
        try (LuceneFaqIndex bulk = index(); LuceneFaqIndex single = index()) {
            bulk.upsert(faqs);
            for (FaqEntry e : faqs) {
                single.upsert(List.of(e));
            }

            assertThat(bulk.size()).isEqualTo(640);
            for (String q : List.of("図書館の予約をキャンセルしたい", "しみんびょういん 手数料", "ごみ", "第3版 パスワード")) {
                assertThat(scores(bulk, q)).as(q).isNotEmpty().isEqualTo(scores(single, q));
                // documents are numbered in input order, whatever the threads did, so equal scores
                // always break ties the same way
                assertThat(bulk.search(bulk.parse(q, List.of()), 1000))
                    .allMatch(h -> h.entry().id().equals("faq-" + h.doc()));
            }
        }
    }

    @Test
    void bulkReimportReplacesEveryFaqWithoutDuplicates() {
        try (LuceneFaqIndex index = index()) {
            index.upsert(faqs("廃止予定の旧窓口"));
            index.upsert(faqs("新しい案内"));

            assertThat(index.size()).isEqualTo(640);
            List<LuceneFaqIndex.Hit> hits = index.search(index.parse("新しい案内", List.of()), 1000);
            assertThat(hits).hasSize(640);
            assertThat(hits).extracting(h -> h.entry().answer()).allMatch(a -> a.endsWith("新しい案内"));
            assertThat(index.search(index.parse("廃止予定の旧窓口", List.of()), 1000))
                .extracting(h -> h.entry().answer()).noneMatch(a -> a.contains("廃止予定"));
        }
    }

    @Test
    void leanBm25ScoresExactlyAsLucenesBm25() {
        CollectionStatistics field = new CollectionStatistics("g", 1786, 1780, 61_000, 52_000);
        for (TermStatistics term : List.of(new TermStatistics(new BytesRef("まどぐち"), 1, 1),
            new TermStatistics(new BytesRef("住民票"), 37, 52), new TermStatistics(new BytesRef("です"), 1700, 4100))) {
            SimScorer lean = new LuceneFaqIndex.LeanBm25(1.2f, 0.75f).scorer(2f, field, term);
            SimScorer lucene = new BM25Similarity(1.2f, 0.75f).scorer(2f, field, term);
            for (long norm = 0; norm < 256; norm++) {
                for (float freq : new float[] {1, 2, 7}) {
                    assertThat(lean.score(freq, norm)).as("%s freq %s norm %s", term, freq, norm)
                        .isEqualTo(lucene.score(freq, norm));
                }
            }
        }
    }

    @Test
    void oneNormTableAndATermWeightScoreExactlyAsLucenesBm25ScorerOfTheTerm() {
        for (float[] kb : new float[][] {{1.2f, 0.75f}, {1.2f, 0.5f}}) {
            LuceneFaqIndex.LeanBm25 lean = new LuceneFaqIndex.LeanBm25(kb[0], kb[1]);
            for (CollectionStatistics field : List.of(new CollectionStatistics("g", 1786, 1780, 61_000, 52_000),
                new CollectionStatistics("q", 10, 9, 83, 80))) {
                float[] table = lean.normInverses(field);
                for (TermStatistics term : List.of(new TermStatistics(new BytesRef("窓口"), 1, 1),
                    new TermStatistics(new BytesRef("住民票"), 3, 5), new TermStatistics(new BytesRef("です"), 9, 40))) {
                    for (float boost : new float[] {0.1f, 0.15f, 0.8f, 2f}) {
                        SimScorer lucene = new BM25Similarity(kb[0], kb[1]).scorer(boost, field, term);
                        float weight = lean.weight(boost, field, term.docFreq());
                        for (long norm = 0; norm < 256; norm++) {
                            for (float freq : new float[] {1, 2, 7}) {
                                assertThat(LuceneFaqIndex.LeanBm25.score(weight, table, freq, norm))
                                    .as("%s %s boost %s freq %s norm %s", field, term, boost, freq, norm)
                                    .isEqualTo(lucene.score(freq, norm));
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void termAtATimeScoresEveryHitAsLucenesBooleanQueryOnSeveralSegmentsWithDeletions() {
        try (LuceneFaqIndex index = severalSegmentsWithDeletions()) {

            for (String q : List.of("図書館の予約をキャンセルしたい", "しみんびょういん 手数料", "窓口を移転", "第3版 パスワード")) {
                LuceneFaqIndex.ParsedQuery parsed = index.parse(q, List.of("としょかん"));
                Map<Integer, Float> lucene = new HashMap<>();
                index.searchWithBooleanQuery(parsed, 1000).forEach(d -> lucene.put(d.doc, d.score));
                List<LuceneFaqIndex.Hit> hits = index.search(parsed, 1000);

                assertThat(hits).as(q).hasSize(lucene.size()).isNotEmpty();
                assertThat(hits).extracting(h -> h.entry().id()).doesNotHaveDuplicates()
                    .doesNotContain("faq-41", "faq-42");
                for (LuceneFaqIndex.Hit h : hits) {
                    assertThat(lucene).containsKey(h.doc());
                    assertThat(h.score()).as("%s %s", q, h.entry().id())
                        .isCloseTo(lucene.get(h.doc()).doubleValue(), within(1e-4 * h.score()));
                }
                List<LuceneFaqIndex.Hit> top = index.search(parsed, 10);
                assertThat(top).hasSize(10);
                assertThat(top).extracting(LuceneFaqIndex.Hit::score).isSortedAccordingTo(Comparator.reverseOrder());
                assertThat(top.get(9).score()).isGreaterThanOrEqualTo(hits.get(9).score() - 1e-4 * hits.get(9).score());
            }
        }
    }

    @Test
    void aTermOnlyInALaterSegmentOrAddedAfterAQueryIsFoundByItsOwnWords() {
        try (LuceneFaqIndex index = index()) {
            index.upsert(faqs(""));
            index.upsert(List.of(FaqEntry.builder("faq-snail").locale(Locale.JAPANESE).question("蝸牛の飼育について相談したい")
                .answer("蝸牛は環境衛生課へご相談ください。").build()));
            // this reader's term filters are made by this query; the owl's FAQ comes in a later reader
            assertThat(index.search(index.parse("梟を保護した", List.of()), 10)).extracting(h -> h.entry().id())
                .doesNotContain("faq-owl");
            index.upsert(List.of(FaqEntry.builder("faq-owl").locale(Locale.JAPANESE).question("梟を保護したときの届出")
                .answer("梟は野生鳥獣の担当へお届けください。").build()));

            for (String[] asked : new String[][] {{"蝸牛を飼いたい", "faq-snail"}, {"梟を保護した", "faq-owl"},
                {"かぎゅうのしいく", "faq-snail"}}) {
                LuceneFaqIndex.ParsedQuery parsed = index.parse(asked[0], List.of());
                Map<Integer, Float> lucene = new HashMap<>();
                index.searchWithBooleanQuery(parsed, 1000).forEach(d -> lucene.put(d.doc, d.score));
                List<LuceneFaqIndex.Hit> hits = index.search(parsed, 1000);

                assertThat(hits).as(asked[0]).isNotEmpty().hasSize(lucene.size());
                assertThat(hits.get(0).entry().id()).as(asked[0]).isEqualTo(asked[1]);
                // found by its own rare words, not only by the kana and particles every FAQ shares
                assertThat(hits.get(0).score()).as(asked[0]).isGreaterThan(5 * hits.get(1).score());
                for (LuceneFaqIndex.Hit h : hits) {
                    assertThat(h.score()).as("%s %s", asked[0], h.entry().id())
                        .isCloseTo(lucene.get(h.doc()).doubleValue(), within(1e-4 * h.score()));
                }
            }
        }
    }

    @Test
    void anFaqsDistinguishingNounsAreItsRarestInTheCatalogAsTheViewReadsIt() {
        try (LuceneFaqIndex index = index()) {
            index.upsert(faqs(""));
            FaqEntry snail = FaqEntry.builder("faq-snail").locale(Locale.JAPANESE).question("図書館で蝸牛の飼育を相談したい")
                .answer("環境衛生課へどうぞ。").build();
            index.upsert(List.of(snail));

            try (LuceneFaqIndex.View before = index.view()) {
                LuceneFaqIndex.FaqNouns nouns = before.faqNouns(snail);
                Map<String, Double> idf = before.wordIdf(List.of("図書館", "蝸牛", "飼育", "相談"));

                // the words no other FAQ holds set it apart; 図書館 is in a hundred FAQs
                assertThat(nouns.distinct()).hasSize(2).doesNotContain("図書館").contains("蝸牛");
                assertThat(nouns.weights()).containsExactly(idf.get(nouns.distinct().get(0)),
                    idf.get(nouns.distinct().get(1)));

                List<FaqEntry> snails = new ArrayList<>();
                for (int i = 0; i < 30; i++) {
                    snails.add(FaqEntry.builder("faq-snail-" + i).locale(Locale.JAPANESE).question("蝸牛の殻 " + i)
                        .answer("蝸牛の殻は燃えるごみです。").build());
                }
                index.upsert(snails);

                // a new reader: 蝸牛 is common now and no longer sets the FAQ apart; the open view keeps its reader's
                try (LuceneFaqIndex.View after = index.view()) {
                    assertThat(after.faqNouns(snail).distinct()).containsExactlyInAnyOrder("飼育", "相談");
                    assertThat(after.faqNouns(snail).weights().get(0))
                        .isEqualTo(after.wordIdf(List.of(after.faqNouns(snail).distinct().get(0))).values().iterator()
                            .next());
                }
                assertThat(before.faqNouns(snail)).isEqualTo(nouns);
            }
        }
    }

    @Test
    void aReaderKeepsTheNounsOfABoundedNumberOfFaqs() {
        FaqAnalysis english = FaqAnalysis.forLanguage("en");
        try (LuceneFaqIndex index = new LuceneFaqIndex(english, LuceneFaqIndex.Params.defaults("en"))) {
            List<FaqEntry> many = new ArrayList<>();
            for (int i = 0; i < LuceneFaqIndex.MAX_KEPT_NOUNS + 50; i++) {
                many.add(FaqEntry.builder("faq-" + i).locale(Locale.ENGLISH).question("parcel " + i + " lost")
                    .answer("Ask the courier about parcel " + i + ".").build());
            }
            index.upsert(many);

            try (LuceneFaqIndex.View view = index.view()) {
                for (FaqEntry e : many) {
                    // every FAQ still gets its nouns, kept or not
                    assertThat(view.faqNouns(e).distinct()).as(e.id()).contains(e.id().substring(4));
                }
                assertThat(view.keptNouns()).isEqualTo(LuceneFaqIndex.MAX_KEPT_NOUNS);
                assertThat(view.faqNouns(many.get(0))).isSameAs(view.faqNouns(many.get(0)));
            }
        }
    }

    @Test
    void postingsTheReaderKeptScoreAndCoverAsTheTermsDictionaryOnSeveralSegmentsWithDeletions() {
        // a fuzzy weight makes queries Lucene queries, which need each term's states: that index keeps no postings
        LuceneFaqIndex.Params d = LuceneFaqIndex.Params.defaults("ja");
        LuceneFaqIndex.Params fuzzy = new LuceneFaqIndex.Params(d.k1(), d.b(), d.question(), d.phrasings(), d.answer(),
            d.reading(), d.grams(), d.gramK1(), 1e-9);
        try (LuceneFaqIndex keeping = severalSegmentsWithDeletions();
             LuceneFaqIndex seeking = new LuceneFaqIndex(FaqAnalysis.forLanguage("ja"), fuzzy)) {
            seeking.upsert(faqs(""));
            for (FaqEntry e : faqs("窓口を移転しました").subList(0, 40)) {
                seeking.upsert(List.of(e));
            }
            seeking.delete(List.of("faq-41", "faq-42"));
            List<String> asked = List.of("図書館の予約をキャンセルしたい", "しみんびょういん 手数料", "窓口を移転", "第3版 パスワード",
                "図書館の予約", "市民病院で手数料を払いたい");

            for (int round = 0; round < 2; round++) {
                for (String q : asked) {
                    LuceneFaqIndex.ParsedQuery parsed = keeping.parse(q, List.of());
                    Map<String, Integer> seekingDocs = new HashMap<>();
                    seeking.search(seeking.parse(q, List.of()), 1000)
                        .forEach(h -> seekingDocs.put(h.entry().id(), h.doc()));
                    List<LuceneFaqIndex.Hit> hits = keeping.search(parsed, 1000);
                    assertThat(hits).as(q).isNotEmpty().hasSize(seekingDocs.size());
                    for (LuceneFaqIndex.Hit h : hits.subList(0, Math.min(8, hits.size()))) {
                        // coverage from kept postings, and from probes of each term's postings in its segment
                        int sought = seekingDocs.get(h.entry().id());
                        assertThat(keeping.coverage(parsed.words(), parsed.grams(), h.doc()))
                            .as("%s %s", q, h.entry().id())
                            .isEqualTo(seeking.coverage(parsed.words(), parsed.grams(), sought));
                        // words and n-grams named twice count once
                        List<String> twice = new ArrayList<>(parsed.grams());
                        twice.addAll(parsed.grams());
                        List<String> wordsTwice = new ArrayList<>(parsed.words());
                        wordsTwice.addAll(parsed.words());
                        assertThat(keeping.coverage(wordsTwice, twice, h.doc())).as("%s %s twice", q, h.entry().id())
                            .isEqualTo(seeking.coverage(wordsTwice, twice, sought));
                    }
                    assertThat(keeping.wordIdf(parsed.words())).as(q).isEqualTo(seeking.wordIdf(parsed.words()));
                }
            }
            try (LuceneFaqIndex.View k = keeping.view(); LuceneFaqIndex.View s = seeking.view()) {
                assertThat(k.keptPostings()[0]).isPositive();
                assertThat(k.keptPostings()[1]).isPositive();
                assertThat(s.keptPostings()).containsExactly(0, 0);
            }
            // a new reader starts anew, and finds the FAQ it adds
            keeping.upsert(List.of(FaqEntry.builder("faq-new").locale(Locale.JAPANESE).question("図書館の予約を延長したい")
                .answer("図書館のカウンターでどうぞ。").build()));
            try (LuceneFaqIndex.View k = keeping.view()) {
                assertThat(k.keptPostings()).containsExactly(0, 0);
            }
            assertThat(keeping.search(keeping.parse("図書館の予約を延長", List.of()), 1).get(0).entry().id())
                .isEqualTo("faq-new");
        }
    }

    @Test
    void aTermFilterKnowsEveryTermAddedAndPassesFewOthers() {
        java.util.Random random = new java.util.Random(17);
        for (int count : new int[] {0, 1, 10, 1_000, 100_000, LuceneFaqIndex.MAX_FILTERED_TERMS}) {
            LuceneFaqIndex.TermFilter filter = LuceneFaqIndex.TermFilter.sized(count);
            java.util.Set<Integer> added = new java.util.HashSet<>();
            while (added.size() < count) {
                int h = random.nextInt();
                added.add(h);
                filter.add(h);
            }
            for (int h : added) {
                assertThat(filter.mightContain(h)).as("%d of %d", h, count).isTrue();
            }
            int passed = 0;
            int tried = 0;
            while (tried < 200_000) {
                int h = random.nextInt();
                if (!added.contains(h)) {
                    tried++;
                    passed += filter.mightContain(h) ? 1 : 0;
                }
            }
            // 16 to 32 bits per term, two bits each: at most 1.4 % pass
            assertThat(passed).as("%d terms", count).isLessThanOrEqualTo(tried * 16 / 1000);
        }
    }

    @Test
    void aTermFilterHashesATermFromItsIndexBytesAsFromTheQuerysString() {
        // Japanese 2- and 3-grams as the n-gram field holds them, kana of both widths, and a kanji beyond the BMP
        String alphabet = "あいうえおかきくけこさしすせそアイウエオｱｲｳｴｵ住民票印鑑登録証明書図書館予約𠮷";
        List<String> chars = alphabet.codePoints().distinct().mapToObj(Character::toString).toList();
        List<String> terms = new java.util.ArrayList<>();
        for (String a : chars) {
            for (String b : chars) {
                terms.add(a + b);
                for (String c : chars) {
                    terms.add(a + b + c);
                }
            }
        }
        java.util.Collections.shuffle(terms, new java.util.Random(17));
        List<String> added = terms.subList(0, terms.size() / 2);
        List<String> absent = terms.subList(terms.size() / 2, terms.size());
        LuceneFaqIndex.TermFilter filter = LuceneFaqIndex.TermFilter.sized(added.size());
        org.apache.lucene.util.CharsRefBuilder decoded = new org.apache.lucene.util.CharsRefBuilder();
        for (String t : added) {
            // as the filter is made: from the term's bytes in the index
            decoded.copyUTF8Bytes(new BytesRef(t));
            int fromBytes = LuceneFaqIndex.TermFilter.hash(decoded.get());
            assertThat(fromBytes).as(t).isEqualTo(LuceneFaqIndex.TermFilter.hash(t));
            filter.add(fromBytes);
        }
        for (String t : added) {
            assertThat(filter.mightContain(LuceneFaqIndex.TermFilter.hash(t))).as(t).isTrue();
        }
        long passed = absent.stream().filter(t -> filter.mightContain(LuceneFaqIndex.TermFilter.hash(t))).count();
        // short terms of a small alphabet spread as random hashes do: at most 1.4 % pass
        assertThat(passed).isLessThanOrEqualTo(absent.size() * 14L / 1000);
    }

    @Test
    void aReaderKeepsThePostingsOfABoundedNumberOfTermsAndPostings() {
        FaqAnalysis english = FaqAnalysis.forLanguage("en");
        // fewer FAQs than a large index (which scores only the rarest words of a query), and forty common words
        String common = "alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november oscar"
            + " papa quebec romeo sierra tango uniform victor whiskey xray yankee zulu amber brown cedar dune ember"
            + " fern grove harbor island jasmine kettle lantern meadow nectar";
        try (LuceneFaqIndex index = new LuceneFaqIndex(english, LuceneFaqIndex.Params.defaults("en"))) {
            List<FaqEntry> many = new ArrayList<>();
            for (int i = 0; i < 1_900; i++) {
                many.add(FaqEntry.builder("faq-" + i).locale(Locale.ENGLISH)
                    .question("my parcel " + i + " of order " + (5_000 + i) + " went missing: " + common)
                    .answer("Ask the courier about parcel " + i + ".").build());
            }
            index.upsert(many);

            // one query's common words alone are more postings (40 words x 1,900 FAQs x 2 fields) than a reader keeps
            assertThat(index.search(index.parse("parcel 0 " + common, List.of()), 1).get(0).entry().id())
                .isEqualTo("faq-0");
            try (LuceneFaqIndex.View view = index.view()) {
                assertThat(view.keptPostings()[1]).isLessThanOrEqualTo(LuceneFaqIndex.MAX_KEPT_POSTINGS)
                    .isGreaterThan(LuceneFaqIndex.MAX_KEPT_POSTINGS / 2);
            }
            // each FAQ's numbers are terms of their own in three fields, with their n-grams (a new reader starts anew)
            index.delete(List.of("faq-1899"));
            for (int i = 1; i < many.size() - 1; i++) {
                List<LuceneFaqIndex.Hit> hits = index.search(
                    index.parse("parcel " + i + " order " + (5_000 + i), List.of()), 1);
                assertThat(hits.get(0).entry().id()).isEqualTo("faq-" + i);
            }
            try (LuceneFaqIndex.View view = index.view()) {
                assertThat(view.keptPostings()[0]).isEqualTo(LuceneFaqIndex.MAX_KEPT_TERMS);
                assertThat(view.keptPostings()[1]).isLessThanOrEqualTo(LuceneFaqIndex.MAX_KEPT_POSTINGS);
            }
            // terms kept or not, a query scores as Lucene's query of the same terms
            for (String q : List.of("parcel 1898 missing", "parcel 7 alpha bravo", "courier 1500 xray")) {
                LuceneFaqIndex.ParsedQuery parsed = index.parse(q, List.of());
                Map<Integer, Float> lucene = new HashMap<>();
                index.searchWithBooleanQuery(parsed, 5_000).forEach(x -> lucene.put(x.doc, x.score));
                for (LuceneFaqIndex.Hit h : index.search(parsed, 10)) {
                    assertThat(lucene).containsKey(h.doc());
                    assertThat(h.score()).as("%s %s", q, h.entry().id())
                        .isCloseTo(lucene.get(h.doc()).doubleValue(), within(1e-4 * h.score()));
                }
            }
        }
    }

    @Test
    void aQueryViewAnswersEveryQueryAsTheIndexAndKeepsTheReaderItOpened() {
        try (LuceneFaqIndex index = severalSegmentsWithDeletions()) {
            List<String> asked = List.of("図書館の予約をキャンセルしたい", "しみんびょういん 手数料", "窓口を移転", "図書館の予約");

            try (LuceneFaqIndex.View view = index.view()) {
                // the terms one query looked up serve the next ones in the same view unchanged
                for (String q : asked) {
                    LuceneFaqIndex.ParsedQuery parsed = index.parse(q, List.of("としょかん"));
                    List<LuceneFaqIndex.Hit> hits = view.search(parsed, 10);
                    assertThat(hits).as(q).isNotEmpty().isEqualTo(index.search(parsed, 10));
                    for (LuceneFaqIndex.Hit h : hits.subList(0, 3)) {
                        assertThat(view.coverage(parsed.words(), parsed.grams(), h.doc())).as("%s %s", q, h.doc())
                            .isEqualTo(index.coverage(parsed.words(), parsed.grams(), h.doc()));
                    }
                    assertThat(view.wordIdf(parsed.words())).as(q).isEqualTo(index.wordIdf(parsed.words()));
                }
                Map<String, Double> before = view.wordIdf(List.of("図書館", "公民館"));

                index.upsert(List.of(FaqEntry.builder("faq-new").locale(Locale.JAPANESE).question("図書館の本を返したい")
                    .answer("図書館の返却ポストへどうぞ。").build()));

                // the view still reads the catalog as it was when it was opened; a new view reads the update
                assertThat(view.wordIdf(List.of("図書館", "公民館"))).isEqualTo(before);
                assertThat(index.wordIdf(List.of("図書館")).get("図書館")).isNotEqualTo(before.get("図書館"));
                assertThat(view.search(index.parse("図書館の本を返したい", List.of()), 10))
                    .extracting(h -> h.entry().id()).doesNotContain("faq-new");
                assertThat(index.search(index.parse("図書館の本を返したい", List.of()), 10))
                    .extracting(h -> h.entry().id()).contains("faq-new");
            }
        }
    }

    @Test
    void faqTextsAnalysedWhenIndexedEqualTheirAnalysisAtQueryTime() {
        FaqAnalysis japanese = FaqAnalysis.forLanguage("ja");
        List<FaqEntry> faqs = faqs("");
        try (LuceneFaqIndex bulk = index(); LuceneFaqIndex single = index()) {
            bulk.upsert(faqs);
            single.upsert(faqs.subList(0, 3));
            FaqEntry repeated = FaqEntry.builder("faq-2").locale(Locale.JAPANESE).question("図書館のパスワードを忘れた")
                .phrasings(List.of("図書館のパスワードを忘れた", "ﾊﾟｽﾜｰﾄﾞ 再発行")).answer("カウンターで再発行します。").build();
            single.upsert(List.of(repeated));

            for (FaqEntry e : List.of(faqs.get(0), faqs.get(17), faqs.get(639), repeated)) {
                LuceneFaqIndex index = e == repeated ? single : bulk;
                LuceneFaqIndex.FaqTexts texts = index.texts(e);
                List<FaqAnalysis.Terms> terms = new ArrayList<>();
                List<FaqAnalysis.Spelling> spellings = new ArrayList<>();
                List<String> all = new ArrayList<>(List.of(e.question()));
                all.addAll(e.phrasings());
                for (String text : all) {
                    terms.add(japanese.analyze(text, false));
                    spellings.addAll(japanese.spellings(text));
                }
                assertThat(texts.entry()).isSameAs(e);
                assertThat(texts.terms()).as(e.id()).isEqualTo(terms);
                assertThat(texts.spellings()).as(e.id()).isNotEmpty().isEqualTo(KanaRespelling.candidates(spellings));
            }
        }
    }

    @Test
    void faqTextsAreKeptForTheIndexedEntriesOnly() {
        List<FaqEntry> faqs = faqs("");
        try (LuceneFaqIndex index = index()) {
            index.upsert(faqs.subList(0, 10));
            index.upsert(faqs.subList(0, 10));
            index.delete(List.of("faq-0", "faq-1", "faq-2"));

            assertThat(index.keptTexts()).isEqualTo(index.size()).isEqualTo(7);
            // an entry replaced since a search returned it is analysed as it is, not taken for the indexed one
            FaqEntry old = faqs.get(5);
            FaqEntry replaced = FaqEntry.builder("faq-5").locale(Locale.JAPANESE).question("体育館の予約を取り消したい")
                .answer("電話で受け付けます。").build();
            index.upsert(List.of(replaced));
            assertThat(index.texts(old).terms().get(0).words()).contains("住民").doesNotContain("予約");
            assertThat(index.texts(replaced).terms().get(0).words()).contains("予約");
            assertThat(index.keptTexts()).isEqualTo(7);
        }
    }
}
