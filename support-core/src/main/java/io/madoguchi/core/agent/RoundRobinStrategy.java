package io.madoguchi.core.agent;

import io.madoguchi.core.AgentId;
import io.madoguchi.core.TenantId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Round robin per tenant over agents below capacity. Thread-safe. */
final class RoundRobinStrategy implements AssignmentStrategy {

    private final ConcurrentHashMap<TenantId, AtomicLong> next = new ConcurrentHashMap<>();

    @Override
    public String name() {
        return "round_robin";
    }

    @Override
    public Optional<AgentId> choose(AssignmentRequest request) {
        List<AssignmentRequest.Candidate> open = request.candidates().stream()
                .filter(AssignmentRequest.Candidate::hasRoom).toList();
        if (open.isEmpty()) {
            return Optional.empty();
        }
        long n = next.computeIfAbsent(request.ticket().tenantId(), t -> new AtomicLong()).getAndIncrement();
        return Optional.of(open.get((int) Math.floorMod(n, (long) open.size())).agent().id());
    }
}
