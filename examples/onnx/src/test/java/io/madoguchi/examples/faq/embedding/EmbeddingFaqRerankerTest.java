package io.madoguchi.examples.faq.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.madoguchi.core.ValidationException;
import io.madoguchi.core.faq.FaqReranker.Candidate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmbeddingFaqRerankerTest {

    private static final List<Candidate> FAQS = List.of(
        faq("password", "How do I reset my password?", "I can't log in", "Change my password"),
        faq("card_lost", "My card was lost or stolen", "Block my card", "Someone took my wallet"),
        faq("refund", "How do I get a refund?", "I want my money back for an order", "Return an item"),
        faq("delivery", "When will my order arrive?", "Track my parcel", "Where is my package?"),
        faq("close_account", "How do I close my account?", "Delete my profile", "Cancel my membership"),
        faq("fees", "What fees do you charge?", "How much does a transfer cost?", "Is there a monthly charge?"));

    /** Paraphrases sharing few words with their FAQ: (query, right FAQ id). */
    private static final Map<String, String> QUERIES = Map.of(
        "I forgot my login credentials", "password",
        "Somebody stole my purse with the card in it", "card_lost",
        "The shoes did not fit, can I send them back and be reimbursed?", "refund",
        "My shipment still hasn't shown up", "delivery",
        "I no longer want to use your service, remove everything about me", "close_account",
        "Is sending money abroad free?", "fees");

    private static EmbeddingFaqReranker reranker;

    @BeforeAll
    static void prepareFaqsOnce() {
        reranker = EmbeddingFaqReranker.builder(SharedEncoder.minilm()).build();
        reranker.prepare(Locale.ENGLISH, FAQS);
    }

    private static Candidate faq(String id, String question, String... examples) {
        List<String> phrasings = new ArrayList<>(List.of(examples));
        phrasings.add(0, question);
        return new Candidate(id, 1, question, phrasings, "", 0);
    }

    /** Word-overlap count: a crude lexical stage whose ranking the reranker has to repair. */
    private static List<Candidate> lexicalCandidates(String query) {
        Set<String> words = Arrays.stream(query.toLowerCase(Locale.ROOT).split("\\W+")).collect(Collectors.toSet());
        List<Candidate> out = new ArrayList<>();
        for (Candidate f : FAQS) {
            long overlap = f.phrasings().stream()
                .flatMap(p -> Arrays.stream(p.toLowerCase(Locale.ROOT).split("\\W+")))
                .distinct().filter(words::contains).count();
            out.add(new Candidate(f.id(), f.version(), f.question(), f.phrasings(), f.answer(), overlap));
        }
        out.sort(Comparator.comparingDouble(Candidate::lexicalScore).reversed());
        return out;
    }

    private static double reciprocalRank(List<Candidate> candidates, double[] scores, String relevant) {
        List<Integer> order = IntStream.range(0, candidates.size()).boxed()
            .sorted(Comparator.comparingDouble((Integer i) -> -scores[i])).collect(Collectors.toList());
        for (int rank = 0; rank < order.size(); rank++) {
            if (candidates.get(order.get(rank)).id().equals(relevant)) {
                return 1.0 / (rank + 1);
            }
        }
        return 0;
    }

    @Test
    void embeddingScoresRankParaphrasesBetterThanWordOverlap() {
        double lexicalMrr = 0;
        double rerankedMrr = 0;
        for (Map.Entry<String, String> q : QUERIES.entrySet()) {
            List<Candidate> candidates = lexicalCandidates(q.getKey());
            double[] lexical = candidates.stream().mapToDouble(Candidate::lexicalScore).toArray();
            double[] embedding = reranker.score(q.getKey(), Locale.ENGLISH, candidates);
            lexicalMrr += reciprocalRank(candidates, lexical, q.getValue()) / QUERIES.size();
            rerankedMrr += reciprocalRank(candidates, embedding, q.getValue()) / QUERIES.size();
        }
        assertThat(rerankedMrr).isCloseTo(1.0, Offset.offset(1e-9));
        assertThat(lexicalMrr).isLessThan(0.8);
    }

    @Test
    void scoresFollowCandidateOrderAndAreCosineScaled() {
        List<Candidate> candidates = List.of(FAQS.get(3), FAQS.get(0));
        double[] scores = reranker.score("I forgot my password", Locale.US, candidates);
        assertThat(scores).hasSize(2);
        assertThat(scores[1]).isGreaterThan(scores[0]).isLessThanOrEqualTo(1.0);
        assertThat(scores[0]).isGreaterThanOrEqualTo(-1.0);
    }

    /** A new version, or another tenant's FAQ with the same id and version, is embedded from its own text. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2})
    void sameIdWithOtherTextIsEmbeddedFromThatText(long secondVersion) {
        Candidate first = new Candidate("moving", 1, "How do I change my address?", List.of(), "", 0);
        Candidate second = new Candidate("moving", secondVersion, "What is the weather forecast?", List.of(), "", 0);
        double before = reranker.score("I moved house, update where I live", Locale.ENGLISH, List.of(first))[0];
        double after = reranker.score("I moved house, update where I live", Locale.ENGLISH, List.of(second))[0];
        assertThat(before).isGreaterThan(after + 0.2);
    }

    @Test
    void unsupportedLanguageReturnsNormalizedLexicalScores() {
        Candidate pw = new Candidate("pw", 1, "パスワードを忘れました", List.of("パスワードの再設定"), "", 3.5);
        Candidate hours = new Candidate("hours", 1, "営業時間を教えてください", List.of(), "", 1.25);
        assertThat(reranker.score("パスワードをリセットしたい", Locale.JAPANESE, List.of(pw, hours)))
            .containsExactly(1.0, 1.25 / 3.5);
    }

    @Test
    void builderValidatesAndNamesTheModel() {
        assertThat(reranker.name()).isEqualTo("minilm");
        assertThatThrownBy(() -> EmbeddingFaqReranker.builder(SharedEncoder.minilm()).cacheCapacity(0).build())
            .isInstanceOf(ValidationException.class).hasMessageContaining("cacheCapacity");
        assertThatThrownBy(() -> EmbeddingFaqReranker.builder(SharedEncoder.minilm()).languages("en").languages("fr"))
            .isInstanceOf(IllegalStateException.class);
    }

    /** Japanese municipal FAQs: short questions whose answers name the topic. */
    private static final List<Candidate> CITY = List.of(
        new Candidate("juminhyo", 1, "住民票の写しがほしい", List.of(),
            "住民票の写しは市役所の市民課窓口、またはマイナンバーカードがあればコンビニエンスストアで取得できます。", 5.0),
        new Candidate("gomi", 1, "粗大ごみの出し方", List.of(),
            "粗大ごみは事前に電話かインターネットで申し込み、指定の日に出してください。", 4.0),
        new Candidate("hoiku", 1, "保育所の申し込み", List.of(),
            "保育所の入所申し込みは毎年11月に受け付けています。", 2.0));

    @Test
    void japaneseRerankerEmbedsQuestionPlusAnswerAndRescalesEachQuerysCosinesToZeroOne() {
        SentenceEncoder zh = SharedEncoder.bgeSmallZh();
        EmbeddingFaqReranker japanese = EmbeddingFaqReranker.builder(zh).languages("ja").answerTokens(128)
            .minMaxScores().build();
        String query = "大きな家具を捨てたいのですがどうすればいいですか";

        double[] scores = japanese.score(query, Locale.JAPANESE, CITY);

        assertThat(Arrays.stream(scores).min().orElseThrow()).isZero();
        assertThat(Arrays.stream(scores).max().orElseThrow()).isEqualTo(1.0);
        float[] q = zh.embed(query);
        double[] cosines = CITY.stream()
            .mapToDouble(c -> SentenceEncoder.cosine(q, zh.embed(c.question() + "\n" + c.answer(), 128))).toArray();
        double min = Arrays.stream(cosines).min().orElseThrow();
        double max = Arrays.stream(cosines).max().orElseThrow();
        for (int i = 0; i < scores.length; i++) {
            assertThat(scores[i]).isCloseTo((cosines[i] - min) / (max - min), Offset.offset(1e-9));
        }
        assertThat(japanese.score(query, Locale.ENGLISH, CITY)).containsExactly(1.0, 0.8, 0.4);
    }

    @Test
    void withoutAnswerTokensOnlyTheQuestionIsEmbedded() {
        SentenceEncoder zh = SharedEncoder.bgeSmallZh();
        EmbeddingFaqReranker questionsOnly = EmbeddingFaqReranker.builder(zh).languages("ja").build();
        float[] q = zh.embed("住民票");

        assertThat(questionsOnly.similarity(q, CITY.get(0)))
            .isCloseTo(SentenceEncoder.cosine(q, zh.embed(CITY.get(0).question())), Offset.offset(1e-6));
    }

    @Test
    void answerTokensBelowThreeAreRejected() {
        assertThatThrownBy(() -> EmbeddingFaqReranker.builder(SharedEncoder.minilm()).answerTokens(2).build())
            .isInstanceOf(ValidationException.class).hasMessageContaining("answerTokens");
    }
}
