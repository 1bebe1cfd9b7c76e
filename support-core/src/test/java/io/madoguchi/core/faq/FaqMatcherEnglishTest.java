package io.madoguchi.core.faq;

import static org.assertj.core.api.Assertions.assertThat;

import io.madoguchi.core.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FaqMatcherEnglishTest {

    private static final TenantId SHOP = TenantId.of("shop");

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-03-01T00:00:00Z"));
    private final java.time.Clock clock = new java.time.Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    private final FaqCatalog catalog = new FaqCatalog();
    private final FaqMatcher matcher;

    FaqMatcherEnglishTest() {
        catalog.putAll(SHOP, CityOfficeFaqs.english());
        matcher = FaqMatcher.builder(catalog).clock(clock).feedback(0.05, 0.3, Duration.ofDays(30)).build();
    }

    @AfterEach
    void close() {
        matcher.close();
    }

    private List<String> ranking(String query) {
        return matcher.match(SHOP, query, Locale.ENGLISH).candidates().stream().map(s -> s.entry().id()).toList();
    }

    @Test
    void stemmingMatchesOtherWordForms() {
        assertThat(ranking("refunding orders").get(0)).isEqualTo("refund");
    }

    @Test
    void lightTyposStillMatch() {
        assertThat(ranking("forgoten pasword").get(0)).isEqualTo("password");
    }

    @Test
    void tenantSynonymsMakeMoneyBackFindTheRefundFaq() {
        String query = "money back please";
        FaqMatch before = matcher.match(SHOP, query, Locale.ENGLISH);
        matcher.setSynonyms(SHOP, List.of(List.of("refund", "money back")));
        FaqMatch after = matcher.match(SHOP, query, Locale.ENGLISH);
        assertThat(after.candidates().get(0).entry().id()).isEqualTo("refund");
        assertThat(after.confidence()).isGreaterThan(before.confidence());
    }

    @Test
    void outOfScopeQueryIsHandedOverAndParaphraseIsNot() {
        assertThat(matcher.match(SHOP, "what is the capital of peru", Locale.ENGLISH).decision())
            .isEqualTo(FaqDecision.HAND_OVER);
        FaqMatch inScope = matcher.match(SHOP, "I forgot my password", Locale.ENGLISH);
        assertThat(inScope.decision()).isEqualTo(FaqDecision.ANSWER);
        assertThat(inScope.candidates().get(0).entry().id()).isEqualTo("password");
        assertThat(inScope.suggestions()).hasSizeLessThanOrEqualTo(3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"How do I get a refund for my order?", "How long does delivery take?",
        "Do you sell gift cards?", "How can I cancel my order?", "reset my password"})
    void questionOrPhrasingAsWrittenIsAnsweredInACatalogOfFiveAtTheDefaultThresholds(String query) {
        // five English FAQs: the default calibration puts their scores on the scale of 28 FAQs
        FaqMatch m = matcher.match(SHOP, query, Locale.ENGLISH);
        assertThat(m.decision()).as("confidence %s, features %s", m.confidence(), m.features())
            .isEqualTo(FaqDecision.ANSWER);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Do you have a store in Osaka?", "Can I change my email address?",
        "what is the capital of peru", "Is this jacket waterproof?"})
    void outOfScopeQueryInACatalogOfFiveIsNotAnswered(String query) {
        assertThat(matcher.match(SHOP, query, Locale.ENGLISH).decision()).isNotEqualTo(FaqDecision.ANSWER);
    }

    @Test
    void repeatedFeedbackBoostIsCappedAtThirtyPercent() {
        String query = "my order";
        List<String> before = ranking(query);
        String target = before.get(before.size() - 1);
        double original = matcherScoreWithoutFeedback(query, target);
        for (int i = 0; i < 100; i++) {
            matcher.feedback(SHOP, "My orders?", Locale.ENGLISH, target, true);
        }
        double boosted = matcher.match(SHOP, query, Locale.ENGLISH).candidates().stream()
            .filter(s -> s.entry().id().equals(target)).findFirst().orElseThrow().score();
        assertThat(boosted).isCloseTo(original * 1.3, org.assertj.core.data.Offset.offset(1e-6));
    }

    private double matcherScoreWithoutFeedback(String query, String id) {
        try (FaqMatcher fresh = FaqMatcher.builder(catalog).build()) {
            return fresh.match(SHOP, query, Locale.ENGLISH).candidates().stream()
                .filter(s -> s.entry().id().equals(id)).findFirst().orElseThrow().score();
        }
    }

    @Test
    void feedbackChangesRankingAndDecaysOverTime() {
        String query = "cancel or return an item";
        List<String> before = ranking(query);
        String second = before.get(1);
        for (int i = 0; i < 6; i++) {
            matcher.feedback(SHOP, query, Locale.ENGLISH, second, true);
            matcher.feedback(SHOP, query, Locale.ENGLISH, before.get(0), false);
        }
        assertThat(ranking(query).get(0)).isEqualTo(second);
        now.set(now.get().plus(Duration.ofDays(365)));
        assertThat(ranking(query)).isEqualTo(before);
    }

    @Test
    void indexFollowsCatalogAddEditAndUnpublish() {
        assertThat(ranking("do you ship to japan")).doesNotContain("international");
        catalog.put(SHOP, CityOfficeFaqs.en("international", "Do you ship to Japan?", "Yes, we ship to Japan."));
        assertThat(ranking("do you ship to japan").get(0)).isEqualTo("international");

        catalog.put(SHOP, CityOfficeFaqs.en("international", "Do you ship abroad to Korea?", "Yes, we ship to Korea."));
        assertThat(ranking("korea").get(0)).isEqualTo("international");
        assertThat(matcher.match(SHOP, "korea", Locale.ENGLISH).candidates().get(0).entry().version()).isEqualTo(2);
        assertThat(ranking("japan")).doesNotContain("international");

        catalog.setPublished(SHOP, "international", false);
        assertThat(ranking("korea")).doesNotContain("international");
        assertThat(catalog.history(SHOP, "international")).extracting(FaqEntry::version).containsExactly(1L, 2L, 3L);
        assertThat(catalog.history(SHOP, "international").get(0).question()).isEqualTo("Do you ship to Japan?");
    }

    @Test
    void otherTenantsFaqsAreNotVisible() {
        assertThat(matcher.match(TenantId.of("other"), "I forgot my password", Locale.ENGLISH).candidates()).isEmpty();
        assertThat(matcher.match(SHOP, "住民票", Locale.JAPANESE).decision()).isEqualTo(FaqDecision.HAND_OVER);
    }

    @Test
    void longQueryInLargeIndexStillFindsTheFaqNamedByItsRareWord() {
        TenantId big = TenantId.of("big");
        List<FaqEntry> faqs = new java.util.ArrayList<>();
        for (int i = 0; i < 2_100; i++) {
            faqs.add(FaqEntry.builder("common" + i).locale(Locale.ENGLISH)
                .question("How do I check my account card payment order status number " + i)
                .answer("Open your account page and look at the card payment order status.").build());
        }
        faqs.add(FaqEntry.builder("lighthouse").locale(Locale.ENGLISH)
            .question("Can I pick up my order at the lighthouse store?").answer("Yes, at the lighthouse desk.")
            .build());
        catalog.putAll(big, faqs);
        String query = "Hello, I want to check my account, my card, my payment, my order and my order status, "
            + "and can I pick it up at the lighthouse please";
        assertThat(matcher.match(big, query, Locale.ENGLISH).candidates().get(0).entry().id()).isEqualTo("lighthouse");
    }
}
