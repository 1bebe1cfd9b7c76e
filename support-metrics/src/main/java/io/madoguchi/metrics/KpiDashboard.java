package io.madoguchi.metrics;

import io.madoguchi.core.TenantId;
import io.madoguchi.core.feedback.Granularity;
import io.madoguchi.core.feedback.text.ThemeTrend;
import java.io.IOException;
import java.io.Writer;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A self-contained HTML dashboard of the daily KPIs of all tenants, or of one tenant for its own staff: inline SVG
 * charts, inline CSS, no scripts and no network, labels in Japanese and English. One
 * {@code <figure class="chart" data-kpi="…">} per KPI family:
 * {@code first_reply}, {@code resolution}, {@code sla}, {@code csat}, {@code nps}, {@code deflection},
 * {@code backlog_age}, {@code channel_mix}, {@code themes}, {@code rising_themes} and {@code complaints}. Well-formed
 * XML (it parses as XHTML). Stateless and thread-safe.
 *
 * <p>Backlog by age comes from the store's counts when the caller passes them ({@link Backlog#byAge}), else from the
 * log ({@link KpiEngine#backlogByAge}); the chart says which. Feedback themes are the themes of survey comments and
 * text answers over the whole range; rising themes compare the last {@value #RISING_DAYS} days of the range with the
 * {@value #RISING_DAYS} days before and list the themes mentioned at least {@value #RISING_MIN} times and more often
 * than before (the rule of {@link io.madoguchi.core.feedback.text.ThemeTrends#rising}).
 */
public final class KpiDashboard {

    private static final int W = 560;
    private static final int H = 200;
    private static final int PAD_L = 44;
    private static final int PAD_B = 28;
    private static final String[] COLORS = {"#2563eb", "#f97316", "#16a34a", "#9333ea"};
    /** Days of the rising-themes window (and of the window before it). */
    public static final int RISING_DAYS = 7;
    /** Least mentions in the recent window for a theme to count as rising. */
    public static final int RISING_MIN = 2;
    private static final int TOP_THEMES = 8;
    private static final Map<String, String> THEME_JA = Map.of("delivery", "配送", "refund", "返金・返品",
        "support-quality", "対応品質", "price", "料金", "product-quality", "製品品質",
        "account", "アカウント");
    private static final Map<String, String> CHANNEL_JA = Map.of("email", "メール", "phone", "電話", "sms", "SMS",
        "web_chat", "チャット", "line", "LINE", "slack", "Slack", "webhook", "Webhook", "web", "Webフォーム");
    private static final List<String> AGE_LABELS = List.of("1日未満 / <1 day", "1〜3日 / 1–3 days",
        "3〜7日 / 3–7 days", "7日以上 / ≥7 days");

    private KpiDashboard() {
    }

    /** One series of a line chart. */
    private record Series(String label, List<@Nullable Double> values) {
    }

    /** One bar: its label, its length and the text written after it. */
    private record Bar(String label, long value, String text) {
    }

    /**
     * Writes the dashboard with the backlog by age as the log tells it ({@link KpiEngine#backlogByAge}).
     *
     * @param engine the engine holding day slices
     * @param from the first day shown, inclusive
     * @param to the last day shown, inclusive
     * @param out where to write; not closed
     * @throws IOException if writing fails
     */
    public static void write(KpiEngine engine, LocalDate from, LocalDate to, Writer out) throws IOException {
        write(engine, from, to, null, out);
    }

    /**
     * Writes the dashboard.
     *
     * @param engine the engine holding day slices
     * @param from the first day shown, inclusive
     * @param to the last day shown, inclusive
     * @param storeBacklog the open backlog by age counted by the store ({@link Backlog#byAge}, summed over the
     *     tenants shown), or null to take it from the log
     * @param out where to write; not closed
     * @throws IOException if writing fails
     */
    public static void write(KpiEngine engine, LocalDate from, LocalDate to, @Nullable Map<String, Long> storeBacklog,
                             Writer out) throws IOException {
        write(engine, null, from, to, storeBacklog, out);
    }

    /**
     * Writes the dashboard of one tenant, for its own staff: every chart, tile and the backlog from the log are that
     * tenant's only, and the tenant's id is in the subtitle.
     *
     * @param engine the engine holding day slices
     * @param tenant the tenant, or null for all tenants summed
     * @param from the first day shown, inclusive
     * @param to the last day shown, inclusive
     * @param storeBacklog the tenant's open backlog by age counted by the store ({@link Backlog#byAge} with a
     *     principal of that tenant), or null to take it from the log
     * @param out where to write; not closed
     * @throws IOException if writing fails
     */
    public static void write(KpiEngine engine, @Nullable TenantId tenant, LocalDate from, LocalDate to,
                             @Nullable Map<String, Long> storeBacklog, Writer out) throws IOException {
        List<LocalDate> days = new ArrayList<>();
        List<Kpis> daily = new ArrayList<>();
        for (LocalDate d : engine.periods(tenant, Granularity.DAY)) {
            if (!d.isBefore(from) && !d.isAfter(to)) {
                days.add(d);
                daily.add(engine.kpis(tenant, Granularity.DAY, d, d, Dimension.ALL, ""));
            }
        }
        LocalDate first = days.isEmpty() ? from : days.get(0);
        LocalDate last = days.isEmpty() ? to : days.get(days.size() - 1);
        Kpis total = engine.kpis(tenant, Granularity.DAY, first, last, Dimension.ALL, "");
        StringBuilder h = new StringBuilder(32_768);
        h.append("<!DOCTYPE html>\n<html lang=\"ja\" xmlns=\"http://www.w3.org/1999/xhtml\"><head><meta charset=\"utf-8\"/>")
            .append("<title>サポートKPI / Support KPIs</title><style>")
            .append("body{font-family:'Hiragino Sans','Noto Sans JP',system-ui,sans-serif;margin:24px;")
            .append("background:#f8fafc;")
            .append("color:#0f172a}h1{font-size:22px;margin:0 0 4px}p.sub{color:#475569;margin:0 0 16px}")
            .append(".tiles{display:flex;flex-wrap:wrap;gap:12px;margin-bottom:16px}")
            .append(".tile{background:#fff;border-radius:8px;")
            .append("padding:10px 14px;box-shadow:0 1px 2px #0002;min-width:130px}")
            .append(".tile b{display:block;font-size:20px}")
            .append(".tile span{font-size:12px;color:#475569}.grid{display:flex;flex-wrap:wrap;gap:16px}")
            .append("figure.chart{background:#fff;border-radius:8px;padding:12px;margin:0;box-shadow:0 1px 2px #0002}")
            .append("figcaption{font-weight:600;margin-bottom:6px}figcaption small{font-weight:400;color:#64748b}")
            .append("svg text{font-size:10px;fill:#475569}svg text.label{font-size:12px;fill:#1e293b}")
            .append("svg text.empty{font-size:14px;fill:#94a3b8}.legend{font-size:12px;color:#334155}")
            .append("</style></head><body>");
        h.append("<h1>サポートKPI <small>Support KPIs</small></h1><p class=\"sub\">").append(esc(first.toString()))
            .append(" – ").append(esc(last.toString())).append("（").append(days.size()).append("日 / days）")
            .append(tenant == null ? "" : "　テナント / tenant: " + esc(tenant.value())).append("</p>");
        h.append("<div class=\"tiles\">");
        tile(h, "作成チケット / Tickets created", Long.toString(total.created()));
        tile(h, "初回応答 p50 / First reply p50", hours(total.firstReply().p50()));
        tile(h, "解決時間 p50 / Resolution p50", hours(total.resolution().p50()));
        tile(h, "処理時間 p50 / Handle time p50", minutes(total.handleTime().p50()));
        tile(h, "CSAT 満足率 / satisfied", pct(total.csat().satisfiedPercent()) + " (n=" + total.csat().n() + ")");
        tile(h, "NPS", total.nps().score() == null ? "–" : String.format(Locale.ROOT, "%+.0f", total.nps().score())
            + (total.nps().marginOfError() == null ? ""
                : String.format(Locale.ROOT, " ±%.0f", total.nps().marginOfError()))
            + " (n=" + total.nps().n() + ")");
        tile(h, "自己解決率 / Deflection", pct(total.deflection().percent()));
        h.append("</div><div class=\"grid\">");
        line(h, "first_reply", "初回応答時間", "First reply time (hours)", days, List.of(
            new Series("p50", map(daily, k -> hoursOf(k.firstReply().p50()))),
            new Series("p90", map(daily, k -> hoursOf(k.firstReply().p90())))), null);
        line(h, "resolution", "解決時間", "Resolution time (hours)", days, List.of(
            new Series("p50", map(daily, k -> hoursOf(k.resolution().p50()))),
            new Series("p90", map(daily, k -> hoursOf(k.resolution().p90())))), null);
        line(h, "sla", "SLA達成率", "SLA attainment (%)", days, List.of(
            new Series("達成 / met", map(daily, KpiDashboard::slaPercent))), 100.0);
        line(h, "csat", "顧客満足度", "CSAT satisfied (%)", days, List.of(
            new Series("CSAT", map(daily, k -> k.csat().satisfiedPercent()))), 100.0);
        line(h, "nps", "顧客推奨度 NPS", "Net Promoter Score", days, List.of(
            new Series("NPS", map(daily, k -> k.nps().score()))), 100.0);
        line(h, "deflection", "自己解決・ボット完結", "FAQ deflection and bot containment (%)", days, List.of(
            new Series("自己解決 / deflection", map(daily, k -> k.deflection().percent())),
            new Series("完結 / containment", map(daily, k -> k.containment().percent()))), 100.0);
        Map<String, Long> backlog = storeBacklog != null ? storeBacklog : engine.backlogByAge(tenant);
        List<Bar> ages = new ArrayList<>();
        for (int i = 0; i < Backlog.AGE_KEYS.size(); i++) {
            long n = backlog.getOrDefault(Backlog.AGE_KEYS.get(i), 0L);
            ages.add(new Bar(AGE_LABELS.get(i), n, Long.toString(n)));
        }
        bars(h, "backlog_age", "未解決チケットの経過日数", "Backlog by age (open tickets, "
            + (storeBacklog != null ? "store counts)" : "from the event log)"), ages, 1);
        List<Bar> mix = new ArrayList<>();
        long created = total.channelMix().values().stream().mapToLong(Long::longValue).sum();
        total.channelMix().entrySet().stream()
            .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
            .forEach(e -> mix.add(new Bar(CHANNEL_JA.getOrDefault(e.getKey(), e.getKey()), e.getValue(),
                e.getValue() + String.format(Locale.ROOT, " (%.0f%%)", 100.0 * e.getValue() / created))));
        bars(h, "channel_mix", "チャネル構成", "Channel mix (tickets)", mix, 0);
        List<Bar> top = new ArrayList<>();
        total.feedbackThemes().entrySet().stream()
            .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
            .limit(TOP_THEMES).forEach(e -> top.add(new Bar(theme(e.getKey()), e.getValue(), e.getValue() + " 件")));
        bars(h, "themes", "フィードバックの主なテーマ", "Top feedback themes (survey comments)", top, 2);
        Kpis recent = engine.kpis(tenant, Granularity.DAY, last.minusDays(RISING_DAYS - 1L), last, Dimension.ALL,
            "");
        Kpis before = engine.kpis(tenant, Granularity.DAY, last.minusDays(2L * RISING_DAYS - 1),
            last.minusDays(RISING_DAYS), Dimension.ALL, "");
        List<ThemeTrend> rising = new ArrayList<>();
        recent.feedbackThemes().forEach((theme, n) -> {
            long prev = before.feedbackThemes().getOrDefault(theme, 0L);
            if (n >= RISING_MIN && n > prev) {
                rising.add(new ThemeTrend(theme, n, prev));
            }
        });
        rising.sort(Comparator.comparingLong(ThemeTrend::change).reversed().thenComparing(ThemeTrend::theme));
        List<Bar> up = new ArrayList<>();
        rising.stream().limit(TOP_THEMES).forEach(t -> up.add(new Bar(theme(t.theme()), t.change(),
            "+" + t.change() + "（" + t.previous() + " → " + t.current() + "）")));
        bars(h, "rising_themes", "増えているテーマ", "Rising themes (last " + RISING_DAYS + " days vs the "
            + RISING_DAYS + " before)", up, 1);
        line(h, "complaints", "クレーム・解約リスク", "Complaints and churn-risk signals (tickets)",
            days, List.of(
            new Series("クレーム / complaints", map(daily, k -> (double) k.complaints().count())),
            new Series("解約 / churn risk", map(daily, k -> (double) k.churnRisk()))), null);
        h.append("</div></body></html>\n");
        out.write(h.toString());
    }

    private static String theme(String theme) {
        String ja = THEME_JA.get(theme);
        return ja == null ? theme : ja + " / " + theme;
    }

    private static @Nullable Double slaPercent(Kpis k) {
        long met = k.sla().stream().mapToLong(SlaAttainment::met).sum();
        long all = met + k.sla().stream().mapToLong(SlaAttainment::breached).sum();
        return all == 0 ? null : 100.0 * met / all;
    }

    private static List<@Nullable Double> map(List<Kpis> daily, Function<Kpis, @Nullable Double> f) {
        List<@Nullable Double> out = new ArrayList<>(daily.size());
        for (Kpis k : daily) {
            out.add(f.apply(k));
        }
        return out;
    }

    private static @Nullable Double hoursOf(@Nullable Duration d) {
        return d == null ? null : d.getSeconds() / 3600.0;
    }

    private static String hours(@Nullable Duration d) {
        return d == null ? "–" : String.format(Locale.ROOT, "%.1f h", d.getSeconds() / 3600.0);
    }

    private static String minutes(@Nullable Duration d) {
        return d == null ? "–" : String.format(Locale.ROOT, "%.0f min", d.getSeconds() / 60.0);
    }

    private static String pct(@Nullable Double p) {
        return p == null ? "–" : String.format(Locale.ROOT, "%.0f%%", p);
    }

    private static void tile(StringBuilder h, String label, String value) {
        h.append("<div class=\"tile\"><span>").append(esc(label)).append("</span><b>").append(esc(value))
            .append("</b></div>");
    }

    private static void open(StringBuilder h, String kpi, String ja, String en) {
        h.append("<figure class=\"chart\" data-kpi=\"").append(kpi).append("\"><figcaption>").append(esc(ja))
            .append(" <small>").append(esc(en)).append("</small></figcaption>")
            .append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(W).append("\" height=\"").append(H)
            .append("\" viewBox=\"0 0 ").append(W).append(' ').append(H).append("\" role=\"img\" aria-label=\"")
            .append(esc(ja + " / " + en)).append("\">");
    }

    private static void line(StringBuilder h, String kpi, String ja, String en, List<LocalDate> days,
                             List<Series> series, @Nullable Double fixedMax) {
        open(h, kpi, ja, en);
        double max = fixedMax == null ? 0 : fixedMax;
        double min = 0;
        for (Series s : series) {
            for (Double v : s.values()) {
                if (v != null) {
                    max = fixedMax == null ? Math.max(max, v) : max;
                    min = Math.min(min, v);
                }
            }
        }
        if (kpi.equals("nps")) {
            min = -100;
        }
        if (max <= min) {
            max = min + 1;
        }
        if (fixedMax == null) {
            double step = niceStep((max - min) / 4);
            max = min + 4 * (kpi.equals("complaints") ? Math.max(1, Math.ceil(step)) : step);
        }
        int plotW = W - PAD_L - 10;
        int plotH = H - PAD_B - 10;
        axes(h, min, max, plotW, plotH);
        if (series.stream().allMatch(s -> s.values().stream().allMatch(v -> v == null))) {
            h.append("<text x=\"").append(PAD_L + plotW / 2).append("\" y=\"").append(10 + plotH / 2)
                .append("\" text-anchor=\"middle\" class=\"empty\">データなし / no data</text>");
        }
        int n = days.size();
        for (int i = 0; i < n; i += Math.max(1, n / 6)) {
            h.append("<text x=\"").append(x(i, n, plotW)).append("\" y=\"").append(H - 8)
                .append("\" text-anchor=\"middle\">").append(days.get(i).toString().substring(5)).append("</text>");
        }
        for (int si = 0; si < series.size(); si++) {
            Series s = series.get(si);
            StringBuilder pts = new StringBuilder();
            for (int i = 0; i < n; i++) {
                Double v = s.values().get(i);
                if (v != null) {
                    pts.append(fmt(x(i, n, plotW))).append(',').append(fmt(y(v, min, max, plotH))).append(' ');
                    h.append("<circle cx=\"").append(fmt(x(i, n, plotW))).append("\" cy=\"")
                        .append(fmt(y(v, min, max, plotH))).append("\" r=\"2.5\" fill=\"").append(COLORS[si])
                        .append("\"/>");
                }
            }
            h.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"").append(COLORS[si]).append("\" points=\"")
                .append(pts.toString().strip()).append("\"/>");
        }
        h.append("</svg><div class=\"legend\">");
        for (int si = 0; si < series.size(); si++) {
            h.append("<span style=\"color:").append(COLORS[si]).append("\">■</span> ")
                .append(esc(series.get(si).label())).append("　");
        }
        h.append("</div></figure>");
    }

    private static void bars(StringBuilder h, String kpi, String ja, String en, List<Bar> values, int color) {
        open(h, kpi, ja, en);
        if (values.isEmpty()) {
            h.append("<text x=\"").append(W / 2).append("\" y=\"").append(H / 2)
                .append("\" text-anchor=\"middle\" class=\"empty\">データなし / no data</text>");
        }
        long max = Math.max(1, values.stream().mapToLong(Bar::value).max().orElse(1));
        int row = values.isEmpty() ? 0 : Math.min(36, (H - 10) / values.size());
        int labelW = 200;
        int i = 0;
        for (Bar b : values) {
            int y = 5 + i * row;
            double w = (W - labelW - 110.0) * b.value() / max;
            h.append("<text x=\"").append(labelW - 6).append("\" y=\"").append(y + row / 2 + 4)
                .append("\" text-anchor=\"end\" class=\"label\">").append(esc(b.label()))
                .append("</text><rect x=\"").append(labelW).append("\" y=\"").append(y + 4).append("\" width=\"")
                .append(fmt(Math.max(w, 1))).append("\" height=\"").append(Math.max(4, row - 8)).append("\" fill=\"")
                .append(COLORS[color]).append("\" rx=\"3\"/><text x=\"").append(fmt(labelW + Math.max(w, 1) + 6))
                .append("\" y=\"").append(y + row / 2 + 4).append("\" class=\"label\">").append(esc(b.text()))
                .append("</text>");
            i++;
        }
        h.append("</svg></figure>");
    }

    /** The smallest of 1, 2, 2.5 and 5 times a power of ten that is at least {@code raw}. */
    private static double niceStep(double raw) {
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * power >= raw - 1e-9) {
                return m * power;
            }
        }
        return 10 * power;
    }

    private static void axes(StringBuilder h, double min, double max, int plotW, int plotH) {
        double step = (max - min) / 4;
        String format = Math.abs(step - Math.rint(step)) < 1e-9 ? "%.0f" : "%.1f";
        for (int t = 0; t <= 4; t++) {
            double v = min + (max - min) * t / 4;
            double y = y(v, min, max, plotH);
            h.append("<line x1=\"").append(PAD_L).append("\" x2=\"").append(PAD_L + plotW).append("\" y1=\"")
                .append(fmt(y)).append("\" y2=\"").append(fmt(y)).append("\" stroke=\"#e2e8f0\"/><text x=\"")
                .append(PAD_L - 4).append("\" y=\"").append(fmt(y + 3)).append("\" text-anchor=\"end\">")
                .append(String.format(Locale.ROOT, format, v)).append("</text>");
        }
    }

    private static double x(int i, int n, int plotW) {
        return n <= 1 ? PAD_L + plotW / 2.0 : PAD_L + (double) plotW * i / (n - 1);
    }

    private static double y(double v, double min, double max, int plotH) {
        return 10 + plotH - (v - min) / (max - min) * plotH;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
