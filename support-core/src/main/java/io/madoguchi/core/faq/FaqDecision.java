package io.madoguchi.core.faq;

/** What a self-service bot should do with a match. */
public enum FaqDecision {
    /** Confident: show the top FAQ's answer automatically. */
    ANSWER,
    /** Plausible: offer the top three FAQs and let the customer pick. */
    SUGGEST,
    /** Nothing good found (or out of scope): hand the conversation to a person. */
    HAND_OVER
}
