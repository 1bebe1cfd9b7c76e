package io.madoguchi.examples.faq;

import static org.assertj.core.api.Assertions.assertThat;

import io.madoguchi.core.faq.FaqEntry;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class Bm25BaselineTest {

    private static FaqEntry faq(String id, String question, String answer, String... phrasings) {
        return FaqEntry.builder(id).locale(Locale.ENGLISH).question(question).phrasings(phrasings)
                .answer(answer).build();
    }

    private static final List<FaqEntry> FAQS = List.of(
        faq("card_lost", "My card was lost", "", "Someone stole my card", "Block my card now", "Card missing"),
        faq("card_fee", "What does a new card cost?", ""),
        faq("refund", "How do I get my money back?", "Refunds reach your card within five days."));

    @Test
    void referenceIndexesQuestionsAndExamplesButNotAnswers() {
        try (Bm25Baseline reference = new Bm25Baseline(FAQS, false, Bm25Baseline.Variant.REFERENCE);
             Bm25Baseline allText = new Bm25Baseline(FAQS, false, Bm25Baseline.Variant.ALL_TEXT)) {
            assertThat(reference.rank("refunds within five days", 10)).isEmpty();
            assertThat(allText.rank("refunds within five days", 10)).containsExactly("refund");
            assertThat(reference.rank("stole", 10)).containsExactly("card_lost");
        }
    }

    @Test
    void anFaqWithSeveralMatchingExamplesIsRankedOnceAtItsBestExample() {
        try (Bm25Baseline reference = new Bm25Baseline(FAQS, false, Bm25Baseline.Variant.REFERENCE)) {
            List<String> ranking = reference.rank("card", 10);
            assertThat(ranking).containsExactlyInAnyOrder("card_lost", "card_fee").doesNotHaveDuplicates();
            assertThat(reference.rank("card", 1)).hasSize(1);
            // "Card missing" is the shortest matching document: the intent's best example wins
            assertThat(ranking.get(0)).isEqualTo("card_lost");
        }
    }

    @Test
    void japaneseUsesKuromoji() {
        List<FaqEntry> faqs = List.of(
            FaqEntry.builder("1").locale(Locale.JAPANESE).question("住民票の写しを取りたい").answer("").build(),
            FaqEntry.builder("2").locale(Locale.JAPANESE).question("粗大ごみの出し方").answer("").build());
        try (Bm25Baseline reference = new Bm25Baseline(faqs, true, Bm25Baseline.Variant.REFERENCE)) {
            assertThat(reference.rank("粗大ごみを出したい", 10)).first().isEqualTo("2");
        }
    }
}
