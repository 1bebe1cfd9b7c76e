package io.madoguchi.channels.outbox.jdbc;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.madoguchi.channels.ReplyContext;
import io.madoguchi.channels.internal.MessageIds;
import io.madoguchi.channels.internal.OutboxNamespaces;
import io.madoguchi.channels.outbox.OutboxRow;
import io.madoguchi.channels.outbox.OutboxStore;
import io.madoguchi.core.Channel;
import io.madoguchi.core.ConflictException;
import io.madoguchi.core.NotFoundException;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.customer.ChannelIdentity;
import io.madoguchi.core.customer.IdentityKind;
import io.madoguchi.core.store.StoreException;
import io.madoguchi.core.store.jdbc.JdbcSchema;
import io.madoguchi.core.store.jdbc.SqlDialect;
import io.madoguchi.core.store.jdbc.Transactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * An {@link OutboxStore} on PostgreSQL or H2. Its tables belong to the channels' own schema ({@link #SCHEMA}, version
 * table {@code madoguchi_channels_schema_version}), apart from the desk's, so the desk's schema knows nothing of
 * channels; apply it with {@link #migrate(DataSource)} or point a migration tool at
 * {@code classpath:io/madoguchi/db/channels/postgresql}.
 *
 * <p>A row is written once per id, and a row carrying a {@link #DELIVERY_KEY_HINT} once per tenant, channel,
 * recipient and key, whatever its id: a unique index decides, so of two writers in many processes one writes and the
 * other's {@link #add} answers false.
 *
 * <p>The table is always {@code madoguchi_outbox}, and it holds several outboxes: each row belongs to a namespace,
 * part of its key, and a store reads, writes, claims, bounds and prunes the rows of its own namespace only. A store
 * as constructed has the {@link #DEFAULT_NAMESPACE} (the channel outbox's, and that of every row written before the
 * channels' schema version 8); {@link #withNamespace} gives another. Give the webhook sender ({@link
 * io.madoguchi.channels.webhooks.WebhookDelivery#configure}) a store in {@link
 * io.madoguchi.channels.webhooks.WebhookDelivery#OUTBOX_NAMESPACE}: the webhook publisher numbers its rows per event
 * times 256 plus the endpoint's place, the channel outbox by the position of the {@code DeliveryRequested} event, so
 * their ids meet, and in one namespace the later row would be taken as written before. In their own namespaces both
 * share one table (on one database and schema) safely. Within a namespace, a row whose id a row of another channel
 * holds is never taken as a redelivery (a redelivered row has its channel): {@link #add} throws a permanent {@link
 * StoreException} naming the id, both channels and the namespace, rather than answering false and losing the send.
 *
 * <p>Every update is a compare-and-set on the row's version, so of two senders (in one or many processes) that read
 * the same row only one writes it. {@link #claimDue} leases due rows to one sender at a time: on PostgreSQL the
 * candidates are locked with {@code FOR UPDATE SKIP LOCKED}, so a second sender claiming at the same moment takes
 * other rows instead of waiting; on H2 the version check of the update decides.
 *
 * <p>Bounded by age: finished rows (sent, dead) older than the retention are deleted as new rows of their namespace
 * arrive, and reply contexts older than the retention as new ones are kept; unfinished rows are never deleted.
 * Bounded per tenant, as {@link io.madoguchi.channels.outbox.InMemoryOutboxStore} is, so that one tenant whose sends
 * are stuck never crowds out another: while a tenant has {@code maxRows} unfinished rows (pending, sending) in the
 * store's namespace (each namespace bounds its own), {@link #add} refuses its next row with a transient {@link
 * StoreException} naming the tenant (the subscriber retries later; other tenants still add theirs), and writes
 * nothing. Finished rows do not count, and are deleted by age only. The bound holds across
 * host instances: a tenant's adds lock its row of {@code madoguchi_outbox_tenant} and count its unfinished rows
 * under that lock, so they follow one another (each add of a tenant reads up to {@code maxRows} index entries, few
 * unless its sends are stuck). A redelivered row ({@link #add} false) is found before the bound is checked.
 *
 * <p>The statement that deletes finished rows moves what identifies them (namespace, id, tenant, channel, finish
 * instant, and for rows with a delivery key the recipient and key; no text, context or ticket) into the ledger of
 * finished rows, {@code madoguchi_outbox_ledger} (channels schema version 9), and {@link #add} looks there with the
 * same statement as in the rows, by id and by delivery key (index point look-ups): so a row deleted after it was sent
 * or dead-lettered is not written again when its event is delivered weeks later (a parked event redelivered, a
 * checkpoint reset), and {@link #finishedBefore} tells such a row apart. A single statement sees a row either in the
 * rows or in the ledger, never neither, as the move is one statement of one transaction. The ledger is bounded per
 * namespace by age: entries whose row finished longer than {@code ledgerRetention} (90 days unless given) before a new
 * row's creation are deleted by that add. And per namespace and tenant by count: a tenant's adds trim its ledger to its
 * newest {@code maxLedger} entries (100,000 unless given, as in memory), earliest finished going first, never another
 * tenant's; as that is a walk of up to {@code maxLedger} index entries, it is done in batches, as the contexts' trim:
 * to {@code maxLedger - maxLedger / 64} entries, on the tenant's first add in this process and then on every {@code
 * maxLedger / 64}-th (every add for a bound below 128). Between its trims a tenant's ledger grows by its finished rows
 * deleted meanwhile; adds on several instances each count their own. An entry beyond either bound is forgotten: an
 * event delivered after that writes and sends its row again. So are the finished rows that an instance of an older
 * library version deletes during a rolling upgrade (it knows no ledger).
 *
 * <p>Reply contexts are bounded by count too, as in {@link io.madoguchi.channels.outbox.InMemoryOutboxStore}: at most
 * {@code maxContexts} per tenant, and keeping one more drops that tenant's least recently used (kept, resolved or
 * taken), never another tenant's; of them a ticket keeps its newest resolved one and a sender at most {@link
 * #UNRESOLVED_PER_SENDER} unresolved ones. The tenant's trim finds its context at an offset in its index of uses, a
 * walk of up to {@code maxContexts} index entries, so it is done in batches: a trim leaves at most {@code maxContexts
 * - maxContexts / 64} contexts (all {@code maxContexts} below 64), and the keeps after it skip the walk until as many
 * keeps, resolves and takes of the tenant (on any host instance) as that margin could have filled it; a tenant holds
 * between those two counts once full, its least recently used going first, never more than {@code maxContexts} but
 * for keeps of the tenant committing at the same moment on several instances (each trims what it sees; the next trim
 * catches up). Thread-safe; it holds no connection between calls.
 */
public final class JdbcOutboxStore implements OutboxStore {

    /** The channels' schema scripts, under {@code io/madoguchi/db/channels/{postgresql,h2}}. */
    public static final JdbcSchema.Scripts SCHEMA = new JdbcSchema.Scripts("Madoguchi channels",
        "io/madoguchi/db/channels", "madoguchi_channels_schema_version", List.of("V1__outbox.sql",
        "V2__webhook_endpoints.sql", "V3__webhook_endpoint_tenant.sql", "V4__reply_context_by_message.sql",
        "V5__reply_context_use.sql", "V6__outbox_delivery_key.sql",
        "V7__outbox_tenant_bound.sql", "V8__outbox_namespace.sql", "V9__outbox_ledger.sql"));

    /** The default {@code maxLedger}: dropped finished rows remembered per tenant and namespace. */
    static final int DEFAULT_MAX_LEDGER = 100_000;
    /** The default {@code ledgerRetention}, unless the retention is longer: as long as parked events are kept. */
    static final Duration DEFAULT_LEDGER_RETENTION = Duration.ofDays(90);
    private static final String LEDGER = "madoguchi_outbox_ledger";
    private static final String LEDGER_COLUMNS = "namespace, id, tenant, channel, recipient_kind, recipient, "
        + "delivery_key, finished_at";
    /** The ledger's columns of a deleted row: the recipient only with a delivery key, as it is needed for no other. */
    private static final String LEDGER_VALUES = "namespace, id, tenant, channel, "
        + "CASE WHEN delivery_key IS NULL THEN NULL ELSE recipient_kind END, "
        + "CASE WHEN delivery_key IS NULL THEN NULL ELSE recipient END, delivery_key, next_attempt_at";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> PARTS = new TypeReference<>() { };
    private static final TypeReference<Map<String, String>> HINTS = new TypeReference<>() { };
    private static final String COLUMNS = "id, tenant, ticket, message_seq, channel, recipient_kind, recipient, "
        + "parts_json, parts_sent, context_json, status, attempts, requests, next_attempt_at, last_error, created_at, "
        + "version";
    private static final String UNFINISHED = "status IN ('PENDING', 'SENDING')";
    /**
     * Deletes a namespace's rows of one finished status whose time is before a cutoff: a range of the status index
     * ({@code namespace, status, next_attempt_at}), where {@code status IN (…)} makes H2 read every row of the
     * namespace.
     */
    static final String PRUNE = "DELETE FROM madoguchi_outbox WHERE namespace = ? AND status = ? "
        + "AND next_attempt_at < ?";
    /**
     * A tenant's unfinished rows in a namespace on H2, up to a limit per status: each status its own range of the
     * index ({@code namespace, tenant, status}), where {@code status IN (…)} reads the finished rows kept for the
     * retention too.
     */
    static final String COUNT_UNFINISHED = "SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM madoguchi_outbox "
        + "WHERE namespace = ? AND tenant = ? AND status = 'PENDING' LIMIT ?) p) + (SELECT COUNT(*) FROM (SELECT 1 "
        + "FROM madoguchi_outbox WHERE namespace = ? AND tenant = ? AND status = 'SENDING' LIMIT ?) s)";
    /**
     * A tenant's unfinished rows in a namespace on PostgreSQL, up to a limit: the partial index of unfinished rows
     * ({@code namespace, tenant}), read without the table, as its predicate is this query's status condition.
     */
    static final String COUNT_UNFINISHED_POSTGRESQL = "SELECT COUNT(*) FROM (SELECT 1 FROM madoguchi_outbox "
        + "WHERE namespace = ? AND tenant = ? AND " + UNFINISHED + " LIMIT ?) unfinished";
    /** H2's due rows: see {@link #dueQuery}. */
    static final String DUE_H2 = "SELECT " + COLUMNS + " FROM (SELECT " + COLUMNS + " FROM madoguchi_outbox "
        + "WHERE namespace = ? AND status = 'PENDING' AND next_attempt_at <= ? UNION ALL SELECT " + COLUMNS
        + " FROM madoguchi_outbox WHERE namespace = ? AND status = 'SENDING' AND next_attempt_at <= ?) due "
        + "ORDER BY next_attempt_at, id LIMIT ?";
    private static final String CONTEXTS = "madoguchi_outbox_inbound_context";
    /**
     * The next position in a tenant's order of context uses, one parameter (the tenant): the last entry of the tenant
     * in the index of uses, plus one. Ordered by the index's leading columns, so that H2 reads the index backwards
     * from the tenant's end (one entry) where for {@code MAX(used_seq)} or {@code ORDER BY used_seq DESC} it walks all
     * the tenant's entries; PostgreSQL reads one entry either way.
     */
    static final String NEXT_USE = "COALESCE((SELECT used_seq FROM " + CONTEXTS + " WHERE tenant = ? "
        + "ORDER BY tenant DESC, used_seq DESC FETCH FIRST 1 ROWS ONLY), 0) + 1";

    private final Transactions tx;
    private final SqlDialect dialect;
    /** The namespace whose rows this store reads and writes (reply contexts are not namespaced). */
    private final String namespace;
    private final int maxRows;
    private final int maxContexts;
    private final Duration retention;
    private final int maxLedger;
    private final Duration ledgerRetention;
    /** Of {@link #maxLedger}, how many a trim frees beyond the bound, so that the next adds need not trim. */
    private final int ledgerSlack;
    /**
     * The tenant's adds in this process since its ledger was last trimmed here, by namespace and tenant (absent: not
     * trimmed here yet), shared by the stores of all namespaces: one entry per tenant and namespace that added here, as
     * {@link #lockRows} has per tenant.
     */
    private final ConcurrentHashMap<String, Integer> ledgerAdds;
    /** Of {@link #maxContexts}, how many a trim frees beyond the bound, so that the next keeps need not trim. */
    private final int trimSlack;
    /**
     * The position of use of the keep that last trimmed each tenant here, after which the tenant held at most
     * {@code maxContexts - trimSlack} contexts: until {@code trimSlack} more positions are used, it cannot be over.
     */
    private final ConcurrentHashMap<TenantId, Long> trimmedAt;
    /** The tenants whose lock row this store wrote or found (rows of madoguchi_outbox_tenant are never deleted). */
    private final Set<TenantId> lockRows;

    /**
     * A store that keeps at most 100,000 unfinished rows per tenant, finished rows for 7 days, and at most 10,000 reply
     * contexts per tenant, each for 7 days.
     *
     * @param dataSource the host's data source, on a database where {@link #migrate} applied the channels' schema
     * @throws StoreException if the database cannot be reached or is not supported
     */
    public JdbcOutboxStore(DataSource dataSource) {
        this(dataSource, Duration.ofDays(7));
    }

    /**
     * A store that keeps at most 100,000 unfinished rows and 10,000 reply contexts per tenant.
     *
     * @param dataSource the host's data source, on a database where {@link #migrate} applied the channels' schema
     * @param retention how long finished rows and reply contexts are kept
     * @throws StoreException if the database cannot be reached or is not supported
     * @throws IllegalArgumentException if the retention is not positive
     */
    public JdbcOutboxStore(DataSource dataSource, Duration retention) {
        this(dataSource, 10_000, retention);
    }

    /**
     * A store that keeps at most 100,000 unfinished rows per tenant.
     *
     * @param dataSource the host's data source, on a database where {@link #migrate} applied the channels' schema
     * @param maxContexts the most reply contexts kept per tenant
     * @param retention how long finished rows and reply contexts are kept
     * @throws StoreException if the database cannot be reached or is not supported
     * @throws IllegalArgumentException if the context bound or the retention is not positive
     */
    public JdbcOutboxStore(DataSource dataSource, int maxContexts, Duration retention) {
        this(dataSource, 100_000, maxContexts, retention);
    }

    /**
     * A store that remembers the finished rows it deleted for 90 days (or the retention, if longer), at most 100,000
     * per tenant and namespace.
     *
     * @param dataSource the host's data source, on a database where {@link #migrate} applied the channels' schema
     * @param maxRows the most unfinished rows kept per tenant
     * @param maxContexts the most reply contexts kept per tenant
     * @param retention how long finished rows and reply contexts are kept
     * @throws StoreException if the database cannot be reached or is not supported
     * @throws IllegalArgumentException if a bound or the retention is not positive
     */
    public JdbcOutboxStore(DataSource dataSource, int maxRows, int maxContexts, Duration retention) {
        this(dataSource, maxRows, maxContexts, retention, DEFAULT_MAX_LEDGER,
            requireNonNull(retention, "retention").compareTo(DEFAULT_LEDGER_RETENTION) > 0
                ? retention : DEFAULT_LEDGER_RETENTION);
    }

    /**
     * @param dataSource the host's data source, on a database where {@link #migrate} applied the channels' schema
     * @param maxRows the most unfinished rows kept per tenant
     * @param maxContexts the most reply contexts kept per tenant
     * @param retention how long finished rows and reply contexts are kept
     * @param maxLedger the most deleted finished rows remembered per tenant and namespace (its earliest finished are
     *     forgotten first, in batches: see the class)
     * @param ledgerRetention how long a deleted finished row is remembered after it finished; at least the retention
     * @throws StoreException if the database cannot be reached or is not supported
     * @throws IllegalArgumentException naming the bound if a bound or the retention is not positive, or the ledger's
     *     retention is shorter than the retention
     */
    public JdbcOutboxStore(DataSource dataSource, int maxRows, int maxContexts, Duration retention, int maxLedger,
                           Duration ledgerRetention) {
        if (maxRows <= 0) {
            throw new IllegalArgumentException("maxRows must be positive, was " + maxRows);
        }
        if (maxContexts <= 0) {
            throw new IllegalArgumentException("maxContexts must be positive, was " + maxContexts);
        }
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("retention must be positive, was " + retention);
        }
        if (maxLedger <= 0) {
            throw new IllegalArgumentException("maxLedger must be positive, was " + maxLedger);
        }
        if (ledgerRetention.compareTo(retention) < 0) {
            throw new IllegalArgumentException("ledgerRetention must be at least the retention " + retention + ", was "
                + ledgerRetention);
        }
        this.tx = new Transactions(requireNonNull(dataSource, "dataSource"));
        this.dialect = SqlDialect.of(dataSource);
        this.namespace = DEFAULT_NAMESPACE;
        this.maxRows = maxRows;
        this.maxContexts = maxContexts;
        this.trimSlack = maxContexts / 64;
        this.retention = retention;
        this.maxLedger = maxLedger;
        this.ledgerRetention = ledgerRetention;
        this.ledgerSlack = maxLedger / 64;
        this.ledgerAdds = new ConcurrentHashMap<>();
        this.trimmedAt = new ConcurrentHashMap<>();
        this.lockRows = ConcurrentHashMap.newKeySet();
    }

    /** The store's twin in another namespace: the same database, bounds and retention. */
    private JdbcOutboxStore(JdbcOutboxStore of, String namespace) {
        this.tx = of.tx;
        this.dialect = of.dialect;
        this.namespace = namespace;
        this.maxRows = of.maxRows;
        this.maxContexts = of.maxContexts;
        this.trimSlack = of.trimSlack;
        this.retention = of.retention;
        this.maxLedger = of.maxLedger;
        this.ledgerRetention = of.ledgerRetention;
        this.ledgerSlack = of.ledgerSlack;
        this.ledgerAdds = of.ledgerAdds; // keyed by namespace and tenant
        this.trimmedAt = of.trimmedAt; // reply contexts are not namespaced: both stores see the same ones
        this.lockRows = of.lockRows;
    }

    /**
     * A store of the rows of another namespace in the same table: the same database, bounds ({@code maxRows} per
     * tenant in that namespace, and {@code maxLedger}) and retentions, the ledger of that namespace's finished rows,
     * and the same reply contexts. Rows of one namespace never meet another's, whatever their ids: give the webhook
     * sender the store in {@link io.madoguchi.channels.webhooks.WebhookDelivery#OUTBOX_NAMESPACE} and the channel
     * outbox this one in the {@link #DEFAULT_NAMESPACE}, and both share one table. Several stores in one namespace
     * (in one or many processes) share its rows, as stores without a namespace did before.
     *
     * @param namespace 1 to 32 lower-case ASCII letters, digits, '_', '.' or '-', starting with a letter or digit
     * @return a store of that namespace's rows
     * @throws io.madoguchi.core.ValidationException naming the field if the namespace is not such a name
     */
    public JdbcOutboxStore withNamespace(String namespace) {
        String checked = OutboxNamespaces.checked(namespace);
        return checked.equals(this.namespace) ? this : new JdbcOutboxStore(this, checked);
    }

    /** @return the namespace whose rows this store reads and writes */
    public String namespace() {
        return namespace;
    }

    /**
     * Brings the channels' schema to the version this library needs (idempotent, safe when instances start at once).
     *
     * @param dataSource the host's data source; its user must be allowed to create tables
     * @return the version before the call (0 for a database without the channels' tables)
     * @throws StoreException when the database fails or its channels' schema is newer than this library
     */
    public static int migrate(DataSource dataSource) {
        return JdbcSchema.migrate(dataSource, SCHEMA);
    }

    @Override
    public boolean add(OutboxRow row) {
        requireNonNull(row, "row");
        Instant cutoff = row.createdAt().minus(retention);
        Instant forgotten = row.createdAt().minus(ledgerRetention);
        String key = row.context().hint(DELIVERY_KEY_HINT);
        TenantId tenant = row.tenantId();
        String ledgerOf = namespace + "\u0000" + tenant.value();
        if (!lockRows.contains(tenant)) {
            addLockRow(tenant);
        }
        try {
            int added = tx.inTransaction("add an outbox row", c -> {
                // the finished rows past the retention go to the ledger, so the check below finds them there; one
                // status at a time, each a range of the status index
                try (PreparedStatement ps = c.prepareStatement(dialect == SqlDialect.POSTGRESQL
                    ? "WITH moved AS (" + PRUNE + " RETURNING *) INSERT INTO " + LEDGER + " (" + LEDGER_COLUMNS
                        + ") SELECT " + LEDGER_VALUES + " FROM moved ON CONFLICT (namespace, id) DO UPDATE SET "
                        + "tenant = EXCLUDED.tenant, channel = EXCLUDED.channel, recipient_kind = "
                        + "EXCLUDED.recipient_kind, recipient = EXCLUDED.recipient, delivery_key = "
                        + "EXCLUDED.delivery_key, finished_at = EXCLUDED.finished_at"
                    : "MERGE INTO " + LEDGER + " (" + LEDGER_COLUMNS + ") KEY (namespace, id) SELECT "
                        + LEDGER_VALUES + " FROM OLD TABLE (" + PRUNE + ")")) {
                    for (OutboxRow.Status finished : List.of(OutboxRow.Status.SENT, OutboxRow.Status.DEAD)) {
                        ps.setString(1, namespace);
                        ps.setString(2, finished.name());
                        setInstant(ps, 3, cutoff);
                        ps.executeUpdate();
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + LEDGER + " WHERE namespace = ? "
                    + "AND finished_at < ?")) {
                    ps.setString(1, namespace);
                    setInstant(ps, 2, forgotten);
                    ps.executeUpdate();
                }
                if (written(c, row, key)) {
                    return 0; // as below: written before, by id or by delivery key, even when the tenant is full
                }
                int unfinished = lockAndCountUnfinished(c, tenant);
                if (unfinished >= maxRows) {
                    throw new StoreException("the outbox holds " + unfinished + " unfinished rows of tenant '"
                        + tenant.value() + "', its limit", true);
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO madoguchi_outbox (" + COLUMNS
                    + ", delivery_key, namespace) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    ps.setLong(1, row.id());
                    ps.setString(2, tenant.value());
                    ps.setString(3, row.ticketId().value());
                    ps.setInt(4, row.messageSeq());
                    ps.setString(5, row.channel().name());
                    ps.setString(6, row.recipient().kind().name());
                    ps.setString(7, row.recipient().value());
                    ps.setString(8, json(row.parts()));
                    ps.setInt(9, row.partsSent());
                    ps.setString(10, contextJson(row.context()));
                    ps.setString(11, row.status().name());
                    ps.setInt(12, row.attempts());
                    ps.setInt(13, row.requests());
                    setInstant(ps, 14, row.nextAttemptAt());
                    ps.setString(15, row.lastError());
                    setInstant(ps, 16, row.createdAt());
                    ps.setLong(17, 1);
                    ps.setString(18, key);
                    ps.setString(19, namespace);
                    ps.executeUpdate();
                }
                Integer since = ledgerAdds.get(ledgerOf);
                if (since == null || since + 1 >= ledgerSlack) {
                    trimLedger(c, tenant);
                    return 2;
                }
                return 1;
            });
            if (added == 2) {
                ledgerAdds.put(ledgerOf, 0); // committed: the tenant's ledger holds maxLedger - ledgerSlack at most
            } else if (added == 1) {
                ledgerAdds.merge(ledgerOf, 1, Integer::sum);
            }
            return added > 0;
        } catch (StoreException e) {
            if (e.getCause() instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                // the row of this event exists (a redelivered event writes nothing), or the row of its message and
                // recipient at another id (a concurrent delivery by a writer that chose another id wrote it first);
                // unless what a concurrent writer wrote at the id is another channel's row
                tx.execute("read an outbox row's channel", c -> {
                    try (PreparedStatement ps = c.prepareStatement(
                        "SELECT channel FROM madoguchi_outbox WHERE namespace = ? AND id = ?")) {
                        ps.setString(1, namespace);
                        ps.setLong(2, row.id());
                        try (ResultSet rs = ps.executeQuery()) {
                            if (rs.next()) {
                                requireSameChannel(row, rs.getString(1), namespace);
                            }
                        }
                    }
                });
                return false;
            }
            throw e;
        }
    }

    /**
     * Whether a row with the row's id, or with its tenant, channel, recipient and delivery key, is stored in the
     * store's namespace or kept in its ledger of finished rows: one statement, so that it sees a row being moved to
     * the ledger by a concurrent add in one place or the other.
     *
     * @throws StoreException (permanent) if the row at the id is of another channel: not a redelivery
     */
    private boolean written(Connection c, OutboxRow row, @Nullable String key) throws SQLException {
        String byId = "SELECT channel FROM madoguchi_outbox WHERE namespace = ? AND id = ? UNION ALL SELECT channel "
            + "FROM " + LEDGER + " WHERE namespace = ? AND id = ?";
        String byKey = " WHERE namespace = ? AND tenant = ? AND channel = ? AND recipient_kind = ? AND recipient = ? "
            + "AND delivery_key = ?";
        try (PreparedStatement ps = c.prepareStatement(key == null ? byId : byId + " UNION ALL SELECT NULL FROM "
            + "madoguchi_outbox" + byKey + " UNION ALL SELECT NULL FROM " + LEDGER + byKey)) {
            ps.setString(1, namespace);
            ps.setLong(2, row.id());
            ps.setString(3, namespace);
            ps.setLong(4, row.id());
            if (key != null) {
                setKey(ps, 5, row, key);
                setKey(ps, 11, row, key);
            }
            boolean found = false;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String channel = rs.getString(1);
                    if (channel != null) {
                        // the row at the id: a redelivery has the same channel
                        requireSameChannel(row, channel, namespace);
                    }
                    found = true;
                }
            }
            return found;
        }
    }

    /** Sets the namespace, tenant, channel, recipient and delivery key of a look-up by key from an index on. */
    private void setKey(PreparedStatement ps, int from, OutboxRow row, String key) throws SQLException {
        ps.setString(from, namespace);
        ps.setString(from + 1, row.tenantId().value());
        ps.setString(from + 2, row.channel().name());
        ps.setString(from + 3, row.recipient().kind().name());
        ps.setString(from + 4, row.recipient().value());
        ps.setString(from + 5, key);
    }

    /**
     * Deletes the tenant's ledger entries in the store's namespace beyond its newest {@code maxLedger - ledgerSlack}:
     * the newest of them is found at that offset in the tenant's index of finish instants (a walk of that many index
     * entries, once in {@code ledgerSlack} adds), and the rest lie below it in the same index.
     */
    private void trimLedger(Connection c, TenantId tenant) throws SQLException {
        Instant finishedAt;
        long id;
        try (PreparedStatement ps = c.prepareStatement("SELECT finished_at, id FROM " + LEDGER + " WHERE namespace = ? "
            + "AND tenant = ? ORDER BY namespace DESC, tenant DESC, finished_at DESC, id DESC "
            + "OFFSET ? ROWS FETCH FIRST 1 ROWS ONLY")) {
            ps.setString(1, namespace);
            ps.setString(2, tenant.value());
            ps.setInt(3, maxLedger - ledgerSlack);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return;
                }
                finishedAt = instant(rs, "finished_at");
                id = rs.getLong("id");
            }
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + LEDGER + " WHERE namespace = ? AND tenant = ? "
            + "AND (finished_at, id) <= (?, ?)")) {
            ps.setString(1, namespace);
            ps.setString(2, tenant.value());
            setInstant(ps, 3, finishedAt);
            ps.setLong(4, id);
            ps.executeUpdate();
        }
    }

    @Override
    public boolean finishedBefore(OutboxRow row) {
        requireNonNull(row, "row");
        String key = row.context().hint(DELIVERY_KEY_HINT);
        return tx.read("look up a finished outbox row", c -> {
            try (PreparedStatement ps = c.prepareStatement(key == null
                ? "SELECT channel FROM " + LEDGER + " WHERE namespace = ? AND id = ?"
                : "SELECT channel FROM " + LEDGER + " WHERE namespace = ? AND tenant = ? AND channel = ? "
                    + "AND recipient_kind = ? AND recipient = ? AND delivery_key = ?")) {
                if (key == null) {
                    ps.setString(1, namespace);
                    ps.setLong(2, row.id());
                } else {
                    setKey(ps, 1, row, key);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() && rs.getString(1).equals(row.channel().name());
                }
            }
        });
    }

    /**
     * Refuses a row whose id a row of another channel holds in the namespace: a channel outbox row's id is its event's
     * position, so a redelivered row has the same channel; the webhook publisher's rows, numbered otherwise, are all
     * of the webhook channel. Their ids meet only when both write to one namespace.
     */
    private static void requireSameChannel(OutboxRow row, String heldBy, String namespace) {
        if (!heldBy.equals(row.channel().name())) {
            throw new StoreException("outbox row " + row.id() + " is held by a row of channel '" + heldBy + "', not '"
                + row.channel().name() + "', in namespace '" + namespace + "': the webhook publisher and the channel "
                + "outbox write to one namespace, where their row ids meet; give the webhooks' sender the store "
                + "withNamespace(WebhookDelivery.OUTBOX_NAMESPACE)", false);
        }
    }

    /**
     * Takes the tenant's lock row for the rest of the transaction (a concurrent add of the tenant, in any process,
     * waits for it to commit) and counts the tenant's unfinished rows, up to {@link #maxRows}: committed ones, so
     * under the lock the count includes every row an earlier add of the tenant wrote.
     */
    private int lockAndCountUnfinished(Connection c, TenantId tenant) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
            "SELECT tenant FROM madoguchi_outbox_tenant WHERE tenant = ? FOR UPDATE")) {
            ps.setString(1, tenant.value());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    lockRows.remove(tenant); // deleted behind the store's back: the retry writes it again
                    throw new StoreException("the outbox's lock row of tenant '" + tenant.value() + "' is missing",
                        true);
                }
            }
        }
        boolean postgres = dialect == SqlDialect.POSTGRESQL;
        if (postgres) {
            // a generic plan estimates the tenant's rows from the number of tenants, not from the tenant: with one
            // tenant, or a few with many unfinished rows, it scans the whole table on every add (about 140 ms at
            // 220,000 rows, OutboxAddCost); a plan for the tenant at hand reads its entries of the partial index
            try (Statement st = c.createStatement()) {
                st.execute("SET LOCAL plan_cache_mode = force_custom_plan");
            }
        }
        try (PreparedStatement ps = c.prepareStatement(postgres ? COUNT_UNFINISHED_POSTGRESQL : COUNT_UNFINISHED)) {
            // one range per status on H2: the same namespace, tenant and limit twice
            int ranges = postgres ? 1 : 2;
            for (int at = 1; at <= 3 * ranges; at += 3) {
                ps.setString(at, namespace);
                ps.setString(at + 1, tenant.value());
                ps.setInt(at + 2, maxRows);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** Writes the tenant's lock row unless it exists, in a transaction of its own (a concurrent writer may win). */
    private void addLockRow(TenantId tenant) {
        try {
            tx.execute("add an outbox tenant", c -> {
                try (PreparedStatement ps = c.prepareStatement(dialect == SqlDialect.POSTGRESQL
                    ? "INSERT INTO madoguchi_outbox_tenant (tenant) VALUES (?) ON CONFLICT DO NOTHING"
                    : "MERGE INTO madoguchi_outbox_tenant KEY (tenant) VALUES (?)")) {
                    ps.setString(1, tenant.value());
                    ps.executeUpdate();
                }
            });
        } catch (StoreException e) {
            if (!(e.getCause() instanceof SQLException sql && "23505".equals(sql.getSQLState()))) {
                throw e;
            }
        }
        lockRows.add(tenant);
    }

    @Override
    public Optional<OutboxRow> get(long id) {
        return tx.read("read an outbox row", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                "SELECT " + COLUMNS + " FROM madoguchi_outbox WHERE namespace = ? AND id = ?")) {
                ps.setString(1, namespace);
                ps.setLong(2, id);
                List<OutboxRow> rows = rows(ps);
                return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
            }
        });
    }

    @Override
    public List<OutboxRow> between(long fromId, long toId, int max) {
        requirePositive(max);
        if (toId < fromId) {
            return List.of();
        }
        return tx.read("read a range of outbox rows", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                + " FROM madoguchi_outbox WHERE namespace = ? AND id BETWEEN ? AND ? ORDER BY id LIMIT ?")) {
                ps.setString(1, namespace);
                ps.setLong(2, fromId);
                ps.setLong(3, toId);
                ps.setInt(4, max);
                return List.copyOf(rows(ps));
            }
        });
    }

    @Override
    public OutboxRow update(OutboxRow row) {
        requireNonNull(row, "row");
        return tx.inTransaction("update an outbox row", c -> {
            if (write(c, row) == 1) {
                return row.withVersion(row.version() + 1);
            }
            try (PreparedStatement ps = c.prepareStatement(
                "SELECT version FROM madoguchi_outbox WHERE namespace = ? AND id = ?")) {
                ps.setString(1, namespace);
                ps.setLong(2, row.id());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new NotFoundException("outbox row " + row.id() + " does not exist");
                    }
                    throw new ConflictException("outbox row " + row.id() + " is at version " + rs.getLong(1)
                        + ", not " + row.version());
                }
            }
        });
    }

    /** Writes a row's mutable columns if the stored version is the row's; returns the update count. */
    private int write(Connection c, OutboxRow row) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE madoguchi_outbox SET parts_sent = ?, context_json = ?, "
            + "status = ?, attempts = ?, requests = ?, next_attempt_at = ?, last_error = ?, version = ? "
            + "WHERE namespace = ? AND id = ? AND version = ?")) {
            ps.setInt(1, row.partsSent());
            ps.setString(2, contextJson(row.context()));
            ps.setString(3, row.status().name());
            ps.setInt(4, row.attempts());
            ps.setInt(5, row.requests());
            setInstant(ps, 6, row.nextAttemptAt());
            ps.setString(7, row.lastError());
            ps.setLong(8, row.version() + 1);
            ps.setString(9, namespace);
            ps.setLong(10, row.id());
            ps.setLong(11, row.version());
            return ps.executeUpdate();
        }
    }

    @Override
    public List<OutboxRow> due(Instant now, int max) {
        requireNonNull(now, "now");
        requirePositive(max);
        return tx.read("read due outbox rows", c -> {
            try (PreparedStatement ps = c.prepareStatement(dueQuery(""))) {
                bindDue(ps, now, max);
                return rows(ps);
            }
        });
    }

    /**
     * The due rows, oldest first. On PostgreSQL from the partial due index, which holds unfinished rows only (with
     * {@code lock}, locking them); on H2, whose due index holds every row, one range of the status index per
     * unfinished status, so the finished rows kept for the retention (due in the past, too) are not read on every
     * call.
     */
    private String dueQuery(String lock) {
        if (dialect == SqlDialect.POSTGRESQL) {
            return "SELECT " + COLUMNS + " FROM madoguchi_outbox WHERE namespace = ? AND " + UNFINISHED
                + " AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?" + lock;
        }
        return DUE_H2;
    }

    /** Binds a due query's namespace, time and limit. */
    private void bindDue(PreparedStatement ps, Instant now, int max) throws SQLException {
        ps.setString(1, namespace);
        setInstant(ps, 2, now);
        if (dialect == SqlDialect.POSTGRESQL) {
            ps.setInt(3, max);
        } else {
            ps.setString(3, namespace);
            setInstant(ps, 4, now);
            ps.setInt(5, max);
        }
    }

    @Override
    public List<OutboxRow> claimDue(Instant now, Instant leaseUntil, int max) {
        requireNonNull(now, "now");
        requireNonNull(leaseUntil, "leaseUntil");
        requirePositive(max);
        return tx.inTransaction("claim due outbox rows", c -> {
            List<OutboxRow> candidates;
            try (PreparedStatement ps = c.prepareStatement(
                dueQuery(dialect == SqlDialect.POSTGRESQL ? " FOR UPDATE SKIP LOCKED" : ""))) {
                bindDue(ps, now, max);
                candidates = rows(ps);
            }
            // on PostgreSQL this transaction holds the candidates' locks already; on H2 the version check decides
            // which of two senders that read the same row takes it
            List<OutboxRow> claimed = new ArrayList<>(candidates.size());
            for (OutboxRow r : candidates) {
                OutboxRow leased = r.with(OutboxRow.Status.SENDING, leaseUntil);
                if (write(c, leased) == 1) {
                    claimed.add(leased.withVersion(r.version() + 1));
                }
            }
            return claimed;
        });
    }

    @Override
    public List<OutboxRow> withStatus(OutboxRow.Status status, int max) {
        requireNonNull(status, "status");
        requirePositive(max);
        return tx.read("list outbox rows by status", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                + " FROM madoguchi_outbox WHERE namespace = ? AND status = ? ORDER BY id LIMIT ?")) {
                ps.setString(1, namespace);
                ps.setString(2, status.name());
                ps.setInt(3, max);
                return rows(ps);
            }
        });
    }

    @Override
    public boolean keepContext(TenantId tenantId, Channel channel, String providerMessageId, ChannelIdentity sender,
                               ReplyContext context) {
        requireNonNull(tenantId, "tenantId");
        requireNonNull(channel, "channel");
        String id = MessageIds.checked(providerMessageId);
        requireNonNull(sender, "sender");
        requireNonNull(context, "context");
        String insert = "INSERT INTO " + CONTEXTS + " (tenant, channel, message_id, sender_kind, sender, ticket, "
            + "message_seq, hints_json, reply_token, received_at, used_seq) VALUES (?, ?, ?, ?, ?, NULL, 0, ?, ?, ?, "
            + NEXT_USE + ")"
            + (dialect == SqlDialect.POSTGRESQL ? " ON CONFLICT DO NOTHING" : "");
        try {
            long kept = tx.inTransaction("keep a reply context", c -> {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + CONTEXTS + " WHERE received_at < ?")) {
                    setInstant(ps, 1, context.receivedAt().minus(retention));
                    ps.executeUpdate();
                }
                int inserted;
                try (PreparedStatement ps = c.prepareStatement(insert)) {
                    ps.setString(1, tenantId.value());
                    ps.setString(2, channel.name());
                    ps.setString(3, id);
                    ps.setString(4, sender.kind().name());
                    ps.setString(5, sender.value());
                    ps.setString(6, json(context.hints()));
                    ps.setString(7, context.replyToken());
                    setInstant(ps, 8, context.receivedAt());
                    ps.setString(9, tenantId.value());
                    inserted = ps.executeUpdate();
                }
                if (inserted == 0) {
                    return -1L; // kept before: a redelivery leaves it as it is
                }
                // the sender's unresolved contexts beyond the newest UNRESOLVED_PER_SENDER go: found first, then
                // deleted by key (as one DELETE ... IN (SELECT ...), H2 walks all the tenant's keys on the channel)
                List<String> beyond = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("SELECT message_id FROM " + CONTEXTS + " WHERE "
                    + "tenant = ? AND channel = ? AND sender_kind = ? AND sender = ? AND ticket IS NULL "
                    + "ORDER BY received_at DESC, message_id DESC OFFSET ? ROWS")) {
                    ps.setString(1, tenantId.value());
                    ps.setString(2, channel.name());
                    ps.setString(3, sender.kind().name());
                    ps.setString(4, sender.value());
                    ps.setInt(5, UNRESOLVED_PER_SENDER);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            beyond.add(rs.getString(1));
                        }
                    }
                }
                if (!beyond.isEmpty()) {
                    try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + CONTEXTS + " WHERE tenant = ? "
                        + "AND channel = ? AND message_id = ? AND ticket IS NULL")) { // unless resolved meanwhile
                        for (String old : beyond) {
                            ps.setString(1, tenantId.value());
                            ps.setString(2, channel.name());
                            ps.setString(3, old);
                            ps.addBatch();
                        }
                        ps.executeBatch();
                    }
                }
                long seq = usedSeq(c, tenantId, channel, id);
                Long trimmed = trimmedAt.get(tenantId);
                if (trimmed == null || seq <= trimmed || seq - trimmed > trimSlack) {
                    trimTenant(c, tenantId, maxContexts - trimSlack);
                    return seq;
                }
                return 0L;
            });
            if (kept < 0) {
                return false;
            }
            if (kept > 0) {
                trimmedAt.put(tenantId, kept); // committed: the tenant holds maxContexts - trimSlack at most
            }
            return true;
        } catch (StoreException e) {
            if (e.getCause() instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return false; // kept at the same moment by a concurrent delivery of the message
            }
            throw e;
        }
    }

    /**
     * The position in its tenant's order of uses a context was given, or 0 if it is gone already (its sender's older
     * unresolved contexts were newer by receipt): then the keep trims as if the store had never trimmed.
     */
    private static long usedSeq(Connection c, TenantId tenantId, Channel channel, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT used_seq FROM " + CONTEXTS + " WHERE tenant = ? "
            + "AND channel = ? AND message_id = ?")) {
            ps.setString(1, tenantId.value());
            ps.setString(2, channel.name());
            ps.setString(3, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    /**
     * Deletes the tenant's least recently used contexts beyond the newest {@code keep}: the newest of them is found at
     * that offset in the tenant's index of uses (a walk of {@code keep} index entries), and the rest lie below it in
     * the same index.
     */
    private void trimTenant(Connection c, TenantId tenantId, int keep) throws SQLException {
        long seq;
        String channel;
        String messageId;
        try (PreparedStatement ps = c.prepareStatement("SELECT used_seq, channel, message_id FROM " + CONTEXTS
            + " WHERE tenant = ? ORDER BY used_seq DESC, channel DESC, message_id DESC "
            + "OFFSET ? ROWS FETCH FIRST 1 ROWS ONLY")) {
            ps.setString(1, tenantId.value());
            ps.setInt(2, keep);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return;
                }
                seq = rs.getLong(1);
                channel = rs.getString(2);
                messageId = rs.getString(3);
            }
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + CONTEXTS + " WHERE tenant = ? "
            + "AND (used_seq, channel, message_id) <= (?, ?, ?)")) {
            ps.setString(1, tenantId.value());
            ps.setLong(2, seq);
            ps.setString(3, channel);
            ps.setString(4, messageId);
            ps.executeUpdate();
        }
    }

    @Override
    public List<String> unresolvedContexts(TenantId tenantId, Channel channel, ChannelIdentity sender, int max) {
        requireNonNull(tenantId, "tenantId");
        requireNonNull(channel, "channel");
        requireNonNull(sender, "sender");
        requirePositive(max);
        return tx.read("read unresolved reply contexts", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT message_id FROM " + CONTEXTS + " WHERE tenant = ? "
                + "AND channel = ? AND sender_kind = ? AND sender = ? AND ticket IS NULL "
                + "ORDER BY received_at DESC, message_id DESC LIMIT ?")) {
                ps.setString(1, tenantId.value());
                ps.setString(2, channel.name());
                ps.setString(3, sender.kind().name());
                ps.setString(4, sender.value());
                ps.setInt(5, max);
                List<String> ids = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
                return ids;
            }
        });
    }

    @Override
    public boolean resolveContext(TenantId tenantId, Channel channel, String providerMessageId, TicketId ticketId,
                                  int seq) {
        requireNonNull(tenantId, "tenantId");
        requireNonNull(channel, "channel");
        requireNonNull(providerMessageId, "providerMessageId");
        requireNonNull(ticketId, "ticketId");
        return tx.inTransaction("resolve a reply context", c -> {
            int resolved;
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + CONTEXTS + " SET ticket = ?, message_seq = ?, "
                + "used_seq = " + NEXT_USE + " WHERE tenant = ? AND channel = ? AND message_id = ? "
                + "AND ticket IS NULL")) {
                ps.setString(1, ticketId.value());
                ps.setInt(2, seq);
                ps.setString(3, tenantId.value());
                ps.setString(4, tenantId.value());
                ps.setString(5, channel.name());
                ps.setString(6, providerMessageId);
                resolved = ps.executeUpdate();
            }
            if (resolved == 1) {
                // the ticket answers with its newest message's context: the older ones would never be used
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + CONTEXTS + " WHERE tenant = ? "
                    + "AND ticket = ? AND message_seq < (SELECT MAX(message_seq) FROM " + CONTEXTS
                    + " WHERE tenant = ? AND ticket = ?)")) {
                    ps.setString(1, tenantId.value());
                    ps.setString(2, ticketId.value());
                    ps.setString(3, tenantId.value());
                    ps.setString(4, ticketId.value());
                    ps.executeUpdate();
                }
            }
            return resolved == 1;
        });
    }

    @Override
    public void forgetContext(TenantId tenantId, Channel channel, String providerMessageId) {
        requireNonNull(tenantId, "tenantId");
        requireNonNull(channel, "channel");
        requireNonNull(providerMessageId, "providerMessageId");
        tx.execute("forget a reply context", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + CONTEXTS + " WHERE tenant = ? "
                + "AND channel = ? AND message_id = ? AND ticket IS NULL")) {
                ps.setString(1, tenantId.value());
                ps.setString(2, channel.name());
                ps.setString(3, providerMessageId);
                ps.executeUpdate();
            }
        });
    }

    @Override
    public Optional<ReplyContext> takeContext(TenantId tenantId, TicketId ticketId) {
        requireNonNull(tenantId, "tenantId");
        requireNonNull(ticketId, "ticketId");
        return tx.inTransaction("take a reply context", c -> {
            ReplyContext found;
            String channel;
            String messageId;
            try (PreparedStatement ps = c.prepareStatement("SELECT channel, message_id, hints_json, reply_token, "
                + "received_at FROM " + CONTEXTS + " WHERE tenant = ? AND ticket = ? "
                + "ORDER BY message_seq DESC LIMIT 1 FOR UPDATE")) {
                ps.setString(1, tenantId.value());
                ps.setString(2, ticketId.value());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    channel = rs.getString(1);
                    messageId = rs.getString(2);
                    found = new ReplyContext(fromJson(rs.getString(3), HINTS), rs.getString(4),
                        instant(rs, "received_at"));
                }
            }
            // single-use: the token leaves with this caller, under the row lock a concurrent taker waits for; the
            // context is used now, the last of its tenant's to go
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + CONTEXTS + " SET reply_token = NULL, "
                + "used_seq = " + NEXT_USE + " WHERE tenant = ? AND channel = ? AND message_id = ?")) {
                ps.setString(1, tenantId.value());
                ps.setString(2, tenantId.value());
                ps.setString(3, channel);
                ps.setString(4, messageId);
                ps.executeUpdate();
            }
            return Optional.of(found);
        });
    }

    private static List<OutboxRow> rows(PreparedStatement ps) throws SQLException {
        List<OutboxRow> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new OutboxRow(rs.getLong("id"), TenantId.of(rs.getString("tenant")),
                    TicketId.of(rs.getString("ticket")), rs.getInt("message_seq"), Channel.of(rs.getString("channel")),
                    new ChannelIdentity(IdentityKind.valueOf(rs.getString("recipient_kind")),
                        rs.getString("recipient")),
                    fromJson(rs.getString("parts_json"), PARTS), rs.getInt("parts_sent"),
                    context(rs.getString("context_json")), OutboxRow.Status.valueOf(rs.getString("status")),
                    rs.getInt("attempts"), rs.getInt("requests"), instant(rs, "next_attempt_at"),
                    rs.getString("last_error"), instant(rs, "created_at"), rs.getLong("version")));
            }
        }
        return out;
    }

    /** A context's JSON: its hints, reply token and receipt instant (the token is stored as the sender needs it). */
    private static String contextJson(ReplyContext context) {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("hints", context.hints());
        value.put("replyToken", context.replyToken());
        value.put("receivedAt", context.receivedAt().truncatedTo(ChronoUnit.MICROS).toString());
        return json(value);
    }

    private static ReplyContext context(String json) {
        try {
            JsonNode node = JSON.readTree(json);
            Map<String, String> hints = JSON.convertValue(node.get("hints"), HINTS);
            JsonNode token = node.get("replyToken");
            return new ReplyContext(hints, token == null || token.isNull() ? null : token.asText(),
                Instant.parse(node.get("receivedAt").asText()));
        } catch (JsonProcessingException | RuntimeException e) {
            throw new StoreException("an outbox row's reply context is not readable", false, e);
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new StoreException("could not write an outbox value as JSON", false, e);
        }
    }

    private static <T> T fromJson(String json, TypeReference<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new StoreException("an outbox value is not readable JSON", false, e);
        }
    }

    private static void setInstant(PreparedStatement ps, int index, @Nullable Instant instant) throws SQLException {
        if (instant == null) {
            ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setObject(index, OffsetDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC));
        }
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        if (t == null) {
            throw new SQLException("column " + column + " is null");
        }
        return t.toInstant();
    }

    private static void requirePositive(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be positive, was " + max);
        }
    }

    @Override
    public String toString() {
        return "JdbcOutboxStore[" + dialect + ", " + namespace + "]";
    }
}
