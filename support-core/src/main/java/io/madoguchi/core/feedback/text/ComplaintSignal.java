package io.madoguchi.core.feedback.text;

import java.util.List;

/**
 * Why a text reads as a complaint.
 *
 * @param cues the complaint cues found (e.g. 二度と, 責任者, "unacceptable")
 * @param sentimentScore the text's sentiment score
 */
public record ComplaintSignal(List<String> cues, double sentimentScore) {

    /**
     * Copies the cues.
     *
     * @param cues the complaint cues found (e.g. 二度と, 責任者, "unacceptable")
     * @param sentimentScore the text's sentiment score
     */
    public ComplaintSignal {
        cues = List.copyOf(cues);
    }
}
