package io.madoguchi.metrics;

import io.madoguchi.core.feedback.Granularity;
import java.io.IOException;
import java.io.Writer;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A self-contained HTML dashboard of the daily KPIs of all tenants: inline SVG charts, inline CSS, no scripts and no
 * network, labels in Japanese and English. One {@code <figure class="chart" data-kpi="…">} per KPI family:
 * {@code first_reply}, {@code resolution}, {@code sla}, {@code csat}, {@code nps}, {@code deflection},
 * {@code channel_mix} and {@code complaints}. Well-formed XML (it parses as XHTML). Stateless and thread-safe.
 *
 * <p>Backlog by age is not on it: backlog levels are store counts ({@link Backlog}), which an exported log does not
 * hold.
 */
public final class KpiDashboard {

    private static final int W = 560;
    private static final int H = 200;
    private static final int PAD_L = 44;
    private static final int PAD_B = 28;
    private static final String[] COLORS = {"#2563eb", "#f97316", "#16a34a", "#9333ea"};

    private KpiDashboard() {
    }

    /** One series of a line chart. */
    private record Series(String label, List<@Nullable Double> values) {
    }

    /**
     * @param engine the engine holding day slices
     * @param from the first day shown, inclusive
     * @param to the last day shown, inclusive
     * @param out where to write; not closed
     * @throws IOException if writing fails
     */
    public static void write(KpiEngine engine, LocalDate from, LocalDate to, Writer out) throws IOException {
        List<LocalDate> days = new ArrayList<>();
        List<Kpis> daily = new ArrayList<>();
        for (LocalDate d : engine.periods(Granularity.DAY)) {
            if (!d.isBefore(from) && !d.isAfter(to)) {
                days.add(d);
                daily.add(engine.kpis(null, Granularity.DAY, d, d, Dimension.ALL, ""));
            }
        }
        LocalDate first = days.isEmpty() ? from : days.get(0);
        LocalDate last = days.isEmpty() ? to : days.get(days.size() - 1);
        Kpis total = engine.kpis(null, Granularity.DAY, first, last, Dimension.ALL, "");
        StringBuilder h = new StringBuilder(32_768);
        h.append("<!DOCTYPE html>\n<html lang=\"ja\" xmlns=\"http://www.w3.org/1999/xhtml\"><head><meta charset=\"utf-8\"/>")
            .append("<title>サポートKPI / Support KPIs</title><style>")
            .append("body{font-family:'Hiragino Sans','Noto Sans JP',system-ui,sans-serif;margin:24px;background:#f8fafc;")
            .append("color:#0f172a}h1{font-size:22px;margin:0 0 4px}p.sub{color:#475569;margin:0 0 16px}")
            .append(".tiles{display:flex;flex-wrap:wrap;gap:12px;margin-bottom:16px}.tile{background:#fff;border-radius:8px;")
            .append("padding:10px 14px;box-shadow:0 1px 2px #0002;min-width:130px}.tile b{display:block;font-size:20px}")
            .append(".tile span{font-size:12px;color:#475569}.grid{display:flex;flex-wrap:wrap;gap:16px}")
            .append("figure.chart{background:#fff;border-radius:8px;padding:12px;margin:0;box-shadow:0 1px 2px #0002}")
            .append("figcaption{font-weight:600;margin-bottom:6px}figcaption small{font-weight:400;color:#64748b}")
            .append("svg text{font-size:10px;fill:#475569}.legend{font-size:12px;color:#334155}")
            .append("</style></head><body>");
        h.append("<h1>サポートKPI <small>Support KPIs</small></h1><p class=\"sub\">").append(esc(first.toString()))
            .append(" – ").append(esc(last.toString())).append("（").append(days.size()).append("日 / days）</p>");
        h.append("<div class=\"tiles\">");
        tile(h, "作成チケット / Tickets created", Long.toString(total.created()));
        tile(h, "初回応答 p50 / First reply p50", hours(total.firstReply().p50()));
        tile(h, "解決時間 p50 / Resolution p50", hours(total.resolution().p50()));
        tile(h, "CSAT 満足率 / satisfied", pct(total.csat().satisfiedPercent()) + " (n=" + total.csat().n() + ")");
        tile(h, "NPS", total.nps().score() == null ? "–" : String.format(Locale.ROOT, "%+.0f", total.nps().score())
            + (total.nps().marginOfError() == null ? "" : String.format(Locale.ROOT, " ±%.0f", total.nps().marginOfError()))
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
        line(h, "nps", "NPS", "Net Promoter Score", days, List.of(
            new Series("NPS", map(daily, k -> k.nps().score()))), 100.0);
        line(h, "deflection", "自己解決・ボット完結", "FAQ deflection and bot containment (%)", days, List.of(
            new Series("自己解決 / deflection", map(daily, k -> k.deflection().percent())),
            new Series("完結 / containment", map(daily, k -> k.containment().percent()))), 100.0);
        bars(h, "channel_mix", "チャネル構成", "Channel mix (tickets)", total.channelMix());
        line(h, "complaints", "クレーム・解約リスク", "Complaints and churn-risk signals (tickets)", days, List.of(
            new Series("クレーム / complaints", map(daily, k -> (double) k.complaints().count())),
            new Series("解約 / churn risk", map(daily, k -> (double) k.churnRisk()))), null);
        h.append("</div></body></html>\n");
        out.write(h.toString());
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
        int plotW = W - PAD_L - 10;
        int plotH = H - PAD_B - 10;
        axes(h, min, max, plotW, plotH);
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

    private static void bars(StringBuilder h, String kpi, String ja, String en, Map<String, Long> values) {
        open(h, kpi, ja, en);
        long max = Math.max(1, values.values().stream().mapToLong(Long::longValue).max().orElse(1));
        int row = values.isEmpty() ? 0 : Math.min(28, (H - 10) / values.size());
        int i = 0;
        for (Map.Entry<String, Long> e : values.entrySet()) {
            int y = 5 + i * row;
            double w = (W - 150.0) * e.getValue() / max;
            h.append("<text x=\"80\" y=\"").append(y + row / 2 + 4).append("\" text-anchor=\"end\">")
                .append(esc(e.getKey())).append("</text><rect x=\"86\" y=\"").append(y + 3).append("\" width=\"")
                .append(fmt(w)).append("\" height=\"").append(Math.max(4, row - 6)).append("\" fill=\"")
                .append(COLORS[0]).append("\" rx=\"3\"/><text x=\"").append(fmt(90 + w)).append("\" y=\"")
                .append(y + row / 2 + 4).append("\">").append(e.getValue()).append("</text>");
            i++;
        }
        h.append("</svg></figure>");
    }

    private static void axes(StringBuilder h, double min, double max, int plotW, int plotH) {
        for (int t = 0; t <= 4; t++) {
            double v = min + (max - min) * t / 4;
            double y = y(v, min, max, plotH);
            h.append("<line x1=\"").append(PAD_L).append("\" x2=\"").append(PAD_L + plotW).append("\" y1=\"")
                .append(fmt(y)).append("\" y2=\"").append(fmt(y)).append("\" stroke=\"#e2e8f0\"/><text x=\"")
                .append(PAD_L - 4).append("\" y=\"").append(fmt(y + 3)).append("\" text-anchor=\"end\">")
                .append(String.format(Locale.ROOT, max - min >= 10 ? "%.0f" : "%.1f", v)).append("</text>");
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
