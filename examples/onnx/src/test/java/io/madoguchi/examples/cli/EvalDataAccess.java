package io.madoguchi.examples.cli;

import java.nio.file.Path;

/** Gives the ONNX tests in other packages the evaluation data folder that the faq-eval tests use. */
public final class EvalDataAccess {

    private EvalDataAccess() {
    }

    /**
     * The FAQ evaluation data folder.
     *
     * @return {@code -Dmadoguchi.faq.data}, else {@code ../shared/data/faq} beside the checkout
     */
    public static Path faqData() {
        return FaqEvalCommandTest.dataDir();
    }
}
