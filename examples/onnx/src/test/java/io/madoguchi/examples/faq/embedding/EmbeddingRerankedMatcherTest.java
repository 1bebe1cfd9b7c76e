package io.madoguchi.examples.faq.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import io.madoguchi.core.TenantId;
import io.madoguchi.core.faq.FaqCatalog;
import io.madoguchi.core.faq.FaqEntry;
import io.madoguchi.core.faq.FaqMatch;
import io.madoguchi.core.faq.FaqMatcher;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The reranker plugged into the core matcher through its SPI, on a small English catalog. */
class EmbeddingRerankedMatcherTest {

    private static final TenantId SHOP = TenantId.of("shop");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-05T09:00:00Z"), ZoneOffset.UTC);

    /** Queries that share a word with a wrong FAQ but mean the right one. */
    private static final Map<String, String> QUERIES = Map.of(
        "My order is late, where is it?", "delivery",
        "I never got the item I ordered", "delivery",
        "Please give me my money back for this order", "refund",
        "I cannot sign in to my account", "password",
        "Someone took my wallet with my card", "card_lost");

    private final SentenceEncoder encoder = SharedEncoder.minilm();

    private static FaqCatalog catalog() {
        FaqCatalog catalog = new FaqCatalog();
        catalog.putAll(SHOP, List.of(
            entry("password", "How do I reset my password?", "Forgot my password", "Change my login details"),
            entry("card_lost", "My card was lost or stolen", "Block my card", "Report a stolen card"),
            entry("refund", "How do I get a refund?", "Request a reimbursement", "Return an item"),
            entry("delivery", "When will my parcel arrive?", "Track my shipment", "Where is my package?"),
            entry("cancel_order", "How do I cancel an order?", "Cancel my order", "Stop my order"),
            entry("close_account", "How do I close my account?", "Delete my account", "Remove my account")));
        return catalog;
    }

    private static FaqEntry entry(String id, String question, String... phrasings) {
        return FaqEntry.builder(id).locale(Locale.ENGLISH).question(question).phrasings(phrasings)
            .answer("See the help page for " + id + ".").build();
    }

    private static double meanReciprocalRank(FaqMatcher matcher) {
        double sum = 0;
        for (Map.Entry<String, String> q : QUERIES.entrySet()) {
            FaqMatch match = matcher.match(SHOP, q.getKey(), Locale.ENGLISH);
            for (int rank = 0; rank < match.candidates().size(); rank++) {
                if (match.candidates().get(rank).entry().id().equals(q.getValue())) {
                    sum += 1.0 / (rank + 1);
                    break;
                }
            }
        }
        return sum / QUERIES.size();
    }

    @Test
    void rerankerImprovesTheMatchersRankingOfParaphrases() {
        double lexical;
        try (FaqMatcher plain = FaqMatcher.builder(catalog()).clock(CLOCK).build()) {
            lexical = meanReciprocalRank(plain);
        }
        double reranked;
        EmbeddingFaqReranker reranker = EmbeddingFaqReranker.builder(encoder).build();
        try (FaqMatcher withEmbeddings = FaqMatcher.builder(catalog()).clock(CLOCK)
            .reranker(reranker, 0.8, 30).build()) {
            reranked = meanReciprocalRank(withEmbeddings);
        }
        // the shared word "order" misleads the lexical stage; a FAQ with no shared word at all
        // (money back -> refund) is not a candidate, so the reranker cannot bring it back
        assertThat(lexical).isLessThan(0.45);
        assertThat(reranked).isGreaterThan(lexical + 0.05);
    }
}
