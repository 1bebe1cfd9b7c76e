package io.madoguchi.benchmarks.desk;

import io.madoguchi.core.event.EventEnvelope;
import io.madoguchi.core.event.EventSubscriber;

/** A durable subscriber that only counts what it reads: the cost of the log and the checkpoints alone. */
final class CountingSubscriber implements EventSubscriber {

    private final String name;
    private long seen;

    CountingSubscriber(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void handle(EventEnvelope event) {
        seen++;
    }

    long seen() {
        return seen;
    }
}
