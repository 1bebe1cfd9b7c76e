package io.madoguchi.examples.faq.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import io.madoguchi.examples.faq.FaqRerankerProvider;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class EmbeddingRerankerProviderTest {

    @Test
    void theJapaneseRerankerReranksTheTop100WithRoughlyEqualWeightAndKeepsTheLexicalCalibration() {
        FaqRerankerProvider zh = FaqRerankerProvider.find("bge-small-zh").orElseThrow();

        assertThat(zh).isInstanceOf(EmbeddingRerankerProvider.BgeSmallZh.class);
        assertThat(zh.depth()).isEqualTo(100);
        assertThat(zh.weight()).isBetween(0.4, 0.6);
        assertThat(zh.calibration(Locale.JAPANESE)).isEmpty();
        assertThat(zh.create().name()).isEqualTo("bge-small-zh");
    }

    @Test
    void allModelsAreRegisteredByShortName() {
        assertThat(FaqRerankerProvider.names()).contains("minilm", "bge-small", "bge-small-zh");
        assertThat(FaqRerankerProvider.find("bge-small")).get().isInstanceOf(EmbeddingRerankerProvider.BgeSmall.class);
    }

    @Test
    void englishGetsARerankerCalibrationAndJapaneseKeepsTheLexicalOne() {
        FaqRerankerProvider minilm = FaqRerankerProvider.find("minilm").orElseThrow();
        assertThat(minilm.weight()).isEqualTo(0.9);
        assertThat(minilm.calibration(Locale.ENGLISH)).get()
            .satisfies(c -> assertThat(c.rerankerTop()).isPositive());
        assertThat(minilm.calibration(Locale.JAPANESE)).isEmpty();
    }
}
