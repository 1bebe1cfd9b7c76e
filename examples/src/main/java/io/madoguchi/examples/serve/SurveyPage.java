package io.madoguchi.examples.serve;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.ValidationException;
import io.madoguchi.core.feedback.InvalidSurveyTokenException;
import io.madoguchi.core.feedback.Invitation;
import io.madoguchi.core.feedback.SurveySubmission;
import io.madoguchi.core.feedback.Surveys;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;

/**
 * {@code /survey?t=TOKEN}: the page a survey link opens, the CSAT question from 1 to 5 with an optional comment;
 * answering posts the token back. The token alone answers the survey, once; a forged, expired or used token gets a
 * page saying the link cannot be used, and nothing is recorded. Served with {@code Referrer-Policy: no-referrer} so
 * the token does not leave in a {@code Referer}.
 */
final class SurveyPage implements HttpHandler {

    private static final int MAX_FORM = 8 * 1024;

    private final Surveys surveys;
    private final TenantId tenant;

    SurveyPage(Surveys surveys, TenantId tenant) {
        this.surveys = surveys;
        this.tenant = tenant;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        ex.getResponseHeaders().set("Referrer-Policy", "no-referrer");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        if (!ex.getRequestURI().getPath().equals("/survey")) {
            Exchanges.send(ex, 404, "text/plain; charset=utf-8", "not found");
            return;
        }
        try {
            if (ex.getRequestMethod().equals("GET")) {
                String token = Exchanges.query(ex).getOrDefault("t", "");
                Invitation inv = surveys.invitationForLink(tenant, token);
                Exchanges.send(ex, 200, "text/html; charset=utf-8", form(inv, token));
            } else if (ex.getRequestMethod().equals("POST")) {
                Map<String, String> form = Exchanges.form(ex, MAX_FORM);
                int score;
                try {
                    score = Integer.parseInt(form.getOrDefault("score", ""));
                } catch (NumberFormatException e) {
                    throw ValidationException.of("score", "choose 1 to 5");
                }
                SurveySubmission answer = SurveySubmission.of("csat", score);
                String comment = form.getOrDefault("comment", "").strip();
                if (!comment.isEmpty()) {
                    answer = answer.withComment(comment);
                }
                surveys.submit(tenant, form.getOrDefault("t", ""), answer);
                Exchanges.send(ex, 200, "text/html; charset=utf-8", page("ご回答ありがとうございました。",
                    "<p>いただいたご意見はサービスの改善に役立てます。</p>"));
            } else {
                Exchanges.send(ex, 405, "text/plain; charset=utf-8", "GET or POST");
            }
        } catch (InvalidSurveyTokenException e) {
            Exchanges.send(ex, 403, "text/html; charset=utf-8", page("このリンクはご利用いただけません",
                "<p>有効期限が切れたか、すでにご回答済みです。</p>"));
        } catch (ValidationException e) {
            Exchanges.send(ex, 400, "text/html; charset=utf-8", page("回答を確認してください",
                "<p>" + Exchanges.html(e.getMessage()) + "</p>"));
        }
    }

    private static String form(Invitation inv, String token) {
        StringBuilder b = new StringBuilder();
        b.append("<form method=\"post\" action=\"/survey\"><input type=\"hidden\" name=\"t\" value=\"")
            .append(Exchanges.html(token)).append("\"><fieldset><legend>")
            .append(Exchanges.html(inv.survey().questions().get(0).prompt().in(Locale.JAPANESE)))
            .append("</legend>");
        for (int i = 1; i <= 5; i++) {
            b.append("<label><input type=\"radio\" name=\"score\" value=\"").append(i).append("\" required> ")
                .append(i).append("</label> ");
        }
        b.append("</fieldset><p><label>ご意見（任意）<br><textarea name=\"comment\" rows=\"4\" cols=\"50\" "
            + "maxlength=\"2000\"></textarea></label></p><button type=\"submit\" id=\"survey-send\">送信する</button>"
            + "</form>");
        return page("アンケートへのご協力のお願い", b.toString());
    }

    private static String page(String title, String body) {
        return "<!DOCTYPE html><html lang=\"ja\"><head><meta charset=\"utf-8\"><title>" + Exchanges.html(title)
            + " | 窓口ショップ</title></head><body><h1>" + Exchanges.html(title) + "</h1>" + body + "</body></html>";
    }
}
