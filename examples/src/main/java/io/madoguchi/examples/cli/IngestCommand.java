package io.madoguchi.examples.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.madoguchi.channels.ChannelAdapter;
import io.madoguchi.channels.ChannelGateway;
import io.madoguchi.channels.WebhookRejectedException;
import io.madoguchi.core.AgentId;
import io.madoguchi.core.Principal;
import io.madoguchi.core.SupportDesk;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.store.DeskStore;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.ticket.TicketPage;
import io.madoguchi.core.ticket.TicketQuery;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code madoguchi ingest --channel line|slack|twilio --secret S [--repeat N] [--store URL] FILE...}: signs each
 * payload file as the provider would, feeds it through the webhook handler of an in-memory desk N times, and prints
 * one JSON object of counts: {@code events} (webhook events handled, redeliveries included), {@code tickets} and
 * {@code messages} (stored at the end), {@code duplicates_ignored}, {@code rejected} (requests refused plus events the
 * desk refused). Twilio payload files are form-encoded bodies, signed for {@code https://localhost/webhooks/twilio}.
 * Bad usage prints one line and exits 2. {@code --store} (a JDBC desk store) is not available yet and is refused as
 * bad usage.
 */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description = "Feeds signed webhook payload files through a desk N times and prints counts as one JSON object "
        + "(events, tickets, messages, duplicates_ignored, rejected). Exit codes: 0 done, 2 bad usage.")
final class IngestCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--channel", required = true, paramLabel = "CHANNEL", description = "line, slack or twilio")
    private String channel;

    @Option(names = "--secret", required = true, paramLabel = "S", description = "the secret to sign with")
    private String secret;

    @Option(names = "--repeat", paramLabel = "N", description = "deliveries of each file (default 1)")
    private int repeat = 1;

    @Option(names = "--store", paramLabel = "URL", description = "a desk store URL (not available yet)")
    private String store;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "webhook payload files")
    private List<Path> files = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        String problem = "webhooks".equals(channel)
            ? "--channel: must be one of line, slack, twilio; was 'webhooks'" : WebhookChannels.problem(channel);
        if (problem == null && (repeat < 1 || repeat > 1_000)) {
            problem = "--repeat: must be 1 to 1000, was " + repeat;
        }
        if (problem == null) {
            problem = WebhookChannels.secretProblem(channel, secret);
        }
        if (problem == null && store != null) {
            problem = "--store: desk stores by URL are not available yet; leave it out for an in-memory desk";
        }
        List<byte[]> bodies = new ArrayList<>();
        for (Path f : files) {
            if (problem != null) {
                break;
            }
            try {
                byte[] body = Files.readAllBytes(f);
                // what the provider could never send (a body over the webhook size limit) is bad input, as it is
                // for verify-webhook, not a failure halfway through the deliveries
                WebhookChannels.signed(channel, secret, body, Instant.now());
                bodies.add(body);
            } catch (IOException e) {
                problem = "FILE: cannot read '" + f + "' (" + e.getClass().getSimpleName() + ")";
            } catch (WebhookRejectedException e) {
                problem = "FILE: '" + f + "' cannot be a " + channel + " webhook: " + e.getMessage();
            }
        }
        if (problem != null) {
            err.println("ingest: " + problem);
            err.flush();
            return 2;
        }
        Clock clock = Clock.systemUTC();
        DeskStore deskStore = DeskStore.inMemory(clock);
        SupportDesk desk = SupportDesk.builder().clock(clock).store(deskStore).build();
        TenantId tenant = TenantId.of("cli");
        ChannelAdapter adapter = WebhookChannels.adapter(channel, secret, clock);
        ChannelGateway gateway = ChannelGateway.builder(desk, deskStore.eventLog(), tenant).adapter(adapter).build();
        int events = 0;
        int duplicates = 0;
        int rejected = 0;
        for (int round = 0; round < repeat; round++) {
            for (byte[] body : bodies) {
                ChannelGateway.Outcome o = gateway.process(adapter.channel().name(),
                    WebhookChannels.signed(channel, secret, body, clock.instant()));
                if (o.rejected()) {
                    rejected++;
                    continue;
                }
                events += o.events();
                duplicates += o.duplicates();
                rejected += o.invalid();
            }
        }
        Principal admin = Principal.admin(tenant, AgentId.of("cli"));
        int tickets = 0;
        int messages = 0;
        String cursor = "";
        do {
            TicketQuery.Builder q = TicketQuery.builder().limit(1000);
            if (!cursor.isEmpty()) {
                q.cursor(cursor);
            }
            TicketPage page = desk.query(admin, q.build());
            for (Ticket t : page.tickets()) {
                tickets++;
                messages += desk.messages(admin, t.id()).size();
            }
            cursor = page.nextCursor();
        } while (!cursor.isEmpty());
        ObjectNode json = CliJson.MAPPER.createObjectNode();
        json.put("events", events).put("tickets", tickets).put("messages", messages)
            .put("duplicates_ignored", duplicates).put("rejected", rejected);
        CliJson.print(spec.commandLine().getOut(), json);
        return 0;
    }
}
