package io.madoguchi.core.faq;

import static org.assertj.core.api.Assertions.assertThat;

import io.madoguchi.core.TenantId;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class FaqRerankerTest {

    private static final TenantId SHOP = TenantId.of("shop");

    /**
     * Scores a candidate by whether any of its phrasings contains the word "voucher" (a concept the lexical side
     * misses).
     */
    private static final class VoucherReranker implements FaqReranker {
        final Set<String> prepared = ConcurrentHashMap.newKeySet();

        @Override
        public String name() {
            return "voucher";
        }

        @Override
        public void prepare(Locale locale, List<Candidate> entries) {
            entries.forEach(c -> prepared.add(c.id() + "@" + c.version()));
        }

        @Override
        public double[] score(String query, Locale locale, List<Candidate> candidates) {
            return candidates.stream()
                .mapToDouble(c -> c.phrasings().stream().anyMatch(p -> p.contains("voucher"))
                    && query.contains("present") ? 1 : 0)
                .toArray();
        }
    }

    @Test
    void rerankerScoresAreCombinedWithLexicalScores() {
        FaqCatalog catalog = new FaqCatalog();
        catalog.putAll(SHOP, CityOfficeFaqs.english());
        VoucherReranker reranker = new VoucherReranker();
        String query = "can I buy a present for my order";
        try (FaqMatcher lexical = FaqMatcher.builder(catalog).build();
             FaqMatcher reranked = FaqMatcher.builder(catalog).reranker(reranker, 0.7, 30).build()) {
            assertThat(lexical.match(SHOP, query, Locale.ENGLISH).candidates().get(0).entry().id())
                .isNotEqualTo("giftcard");
            FaqMatch m = reranked.match(SHOP, query, Locale.ENGLISH);
            assertThat(m.candidates().get(0).entry().id()).isEqualTo("giftcard");
            assertThat(m.features().get("rerankerTop")).isEqualTo(1.0);
        }
        assertThat(reranker.prepared).contains("giftcard@1", "refund@1");
    }
}
