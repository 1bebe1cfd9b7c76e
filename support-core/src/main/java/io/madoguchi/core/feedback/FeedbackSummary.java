package io.madoguchi.core.feedback;

/**
 * CSAT, NPS and CES over one set of responses.
 *
 * @param csat the CSAT summary
 * @param nps the NPS summary
 * @param ces the CES summary
 */
public record FeedbackSummary(CsatSummary csat, NpsSummary nps, CesSummary ces) {
}
