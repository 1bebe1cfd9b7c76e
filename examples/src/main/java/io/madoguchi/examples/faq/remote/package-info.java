/**
 * A FAQ reranker backed by a host-provided embedding service: any endpoint that speaks the OpenAI
 * {@code /v1/embeddings} protocol (OpenAI, Azure OpenAI, or a self-hosted server running a
 * multilingual model). Calls go through the host's OkHttp client with timeouts, retries with
 * backoff and a circuit breaker; whenever the service cannot answer, matching falls back to the
 * lexical ranking.
 */
@NullMarked
package io.madoguchi.examples.faq.remote;

import org.jspecify.annotations.NullMarked;
