package io.madoguchi.examples.faq;

import io.madoguchi.core.faq.FaqCalibration;
import io.madoguchi.core.faq.FaqReranker;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * A named reranker that {@code faq-eval --reranker NAME} can load, found with {@link ServiceLoader}
 * (register implementations in {@code META-INF/services/io.madoguchi.examples.faq.FaqRerankerProvider}).
 * Implementations must have a public no-argument constructor.
 */
public interface FaqRerankerProvider {

    /** @return the name used with {@code --reranker} */
    String name();

    /**
     * Creates the reranker (may load a model).
     *
     * @return the reranker
     */
    FaqReranker create();

    /** @return weight of the reranker score against the normalized lexical score, in [0,1] */
    default double weight() {
        return 0.7;
    }

    /** @return how many lexical candidates the reranker re-scores per query */
    default int depth() {
        return 30;
    }

    /**
     * The calibration to use with this reranker for a language, if it differs from the lexical default.
     *
     * @param locale the language
     * @return the calibration, or empty for the lexical default
     */
    default Optional<FaqCalibration> calibration(Locale locale) {
        return Optional.empty();
    }

    /**
     * Finds a provider by name.
     *
     * @param name the name
     * @return the provider, if registered
     */
    static Optional<FaqRerankerProvider> find(String name) {
        return ServiceLoader.load(FaqRerankerProvider.class).stream()
            .map(ServiceLoader.Provider::get)
            .filter(p -> p.name().equals(name))
            .findFirst();
    }

    /** @return names of all registered providers */
    static List<String> names() {
        return ServiceLoader.load(FaqRerankerProvider.class).stream().map(p -> p.get().name()).toList();
    }
}
