package io.madoguchi.examples.faq.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.madoguchi.core.ValidationException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class SentenceEncoderTest {

    private final SentenceEncoder encoder = SharedEncoder.minilm();

    @Test
    void paraphraseIsCloserThanUnrelatedQuestion() {
        float[] reset = encoder.embed("How do I reset my password?");
        float[] forgot = encoder.embed("I forgot my password");
        float[] weather = encoder.embed("What is the weather");

        double paraphrase = SentenceEncoder.cosine(reset, forgot);
        double unrelated = SentenceEncoder.cosine(reset, weather);
        assertThat(paraphrase).isGreaterThan(0.5);
        assertThat(unrelated).isLessThan(0.2);
    }

    @Test
    void vectorsAreUnitLengthWithTheModelDimension() {
        float[] v = encoder.embed("Where is my card?");
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        assertThat(v).hasSize(384);
        assertThat(Math.sqrt(norm)).isCloseTo(1.0, Offset.offset(1e-5));
    }

    @Test
    void sameTextGivesIdenticalVectorAloneAndAmongOthers() {
        String shortText = "card lost";
        String longText = "My card was stolen yesterday at the station and I need a replacement quickly";
        float[] alone = encoder.embed(shortText);
        List<float[]> batch = encoder.embedAll(List.of(longText, shortText, longText));

        assertThat(encoder.embed(shortText)).containsExactly(alone);
        assertThat(batch.get(1)).containsExactly(alone);
        assertThat(batch.get(0)).containsExactly(batch.get(2));
    }

    @Test
    void chineseBgeEmbedsJapaneseWith512DimensionsAndRanksTheParaphraseFirst() {
        SentenceEncoder zh = SharedEncoder.bgeSmallZh();
        float[] question = zh.embed("住民票の写しを取得したい");

        assertThat(question).hasSize(512);
        assertThat(SentenceEncoder.cosine(question, zh.embed("住民票がほしいです")))
            .isGreaterThan(SentenceEncoder.cosine(question, zh.embed("粗大ごみの出し方を教えてください")));
    }

    @Test
    void aTokenLimitCutsTheTextBeforeEmbedding() {
        SentenceEncoder zh = SharedEncoder.bgeSmallZh();
        String question = "住民票の写しを取得したい";
        String answer = "市役所の窓口またはコンビニエンスストアで取得できます。マイナンバーカードが必要です。";

        // [CLS], 住, 民, 票, [SEP]: the same first word pieces, the rest cut off
        assertThat(zh.embed(question + "\n" + answer, 5)).containsExactly(zh.embed("住民票"));
        assertThat(zh.embed(question + "\n" + answer, 128)).isNotEqualTo(zh.embed(question));
        assertThatThrownBy(() -> zh.embed(question, 2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bgeUsesClsPoolingAndAlsoRanksParaphraseFirst() {
        try (SentenceEncoder bge = SentenceEncoder.load(EmbeddingModel.BGE_SMALL_EN_V15_Q)) {
            float[] reset = bge.embed("How do I reset my password?");
            assertThat(SentenceEncoder.cosine(reset, bge.embed("I forgot my password")))
                .isGreaterThan(SentenceEncoder.cosine(reset, bge.embed("What is the weather")) + 0.2);
        }
    }

    @Test
    void concurrentCallersGetTheSameVectorsAsOneCaller() throws Exception {
        List<String> texts = List.of("Where is my card?", "パスワードを忘れました", "Cancel my order", "",
            "How much does a transfer abroad cost?", "My parcel never arrived");
        List<float[]> expected = encoder.embedAll(texts);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<List<float[]>>> results = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                results.add(pool.submit(() -> encoder.embedAll(texts)));
            }
            for (Future<List<float[]>> r : results) {
                List<float[]> got = r.get(60, TimeUnit.SECONDS);
                for (int i = 0; i < texts.size(); i++) {
                    assertThat(got.get(i)).containsExactly(expected.get(i));
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void loadRejectsFewerThanOneThread() {
        assertThatThrownBy(() -> SentenceEncoder.load(EmbeddingModel.ALL_MINILM_L6_V2_Q, 0))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("intraOpThreads");
    }

    @Test
    void modelsAreFoundByShortNameAndUnknownNamesAreRejected() {
        assertThat(EmbeddingModel.byShortName("MiniLM")).isEqualTo(EmbeddingModel.ALL_MINILM_L6_V2_Q);
        assertThat(EmbeddingModel.byShortName("bge-small")).isEqualTo(EmbeddingModel.BGE_SMALL_EN_V15_Q);
        assertThatThrownBy(() -> EmbeddingModel.byShortName("gpt"))
            .isInstanceOf(ValidationException.class).hasMessageContaining("gpt");
    }
}
