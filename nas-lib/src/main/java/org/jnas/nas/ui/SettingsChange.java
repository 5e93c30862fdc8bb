package org.jnas.nas.ui;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/**
 * The settings a POST to {@code /config} asks to change: a JSON object with
 * {@code trialConcurrency} and/or {@code maxTrials}. The body must parse before anything else is
 * checked; its settings are checked only once the experiment is known to take changes, so that a
 * read-only experiment answers "read-only" whatever was sent.
 */
final class SettingsChange {
    private final JsonObject body;

    private SettingsChange(JsonObject body) {
        this.body = body;
    }

    static SettingsChange parse(byte[] body) {
        JsonElement e;
        try {
            e = JsonParser.parseString(new String(body, StandardCharsets.UTF_8));
        } catch (JsonParseException | IllegalStateException ex) {
            throw new HttpError(400, "the body is not valid JSON: " + ex.getMessage());
        }
        if (!e.isJsonObject()) {
            throw new HttpError(400, "the body must be a JSON object, got " + (body.length > 80
                    ? new String(body, 0, 80, StandardCharsets.UTF_8) + "..." : new String(body, StandardCharsets.UTF_8)));
        }
        return new SettingsChange(e.getAsJsonObject());
    }

    /**
     * Checks every setting, then changes the experiment; the experiment's own refusals become a 400.
     * A trial budget below the trials already submitted is a 409: those trials exist (they ran or are
     * running), so the budget could never be met, and nothing is changed.
     */
    void applyTo(DashboardSource s) {
        for (String key : body.keySet()) {
            if (!key.equals("trialConcurrency") && !key.equals("maxTrials")) {
                throw new HttpError(400, "unknown setting '" + key + "'; the dashboard can change trialConcurrency and maxTrials");
            }
        }
        if (body.size() == 0) {
            throw new HttpError(400, "nothing to change: send {\"trialConcurrency\": n} and/or {\"maxTrials\": n}");
        }
        Long concurrency = body.has("trialConcurrency") ? positive("trialConcurrency", Integer.MAX_VALUE) : null;
        Long max = body.has("maxTrials") ? positive("maxTrials", Long.MAX_VALUE) : null;
        if (max != null) {
            int submitted = s.trials().size();
            if (max < submitted) {
                throw new HttpError(409, "max trials " + max + " is below the " + submitted
                        + " trials already submitted; set at least " + submitted);
            }
        }
        try {
            if (concurrency != null) {
                s.setTrialConcurrency(concurrency.intValue());
            }
            if (max != null) {
                s.setMaxTrials(max);
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new HttpError(400, e.getMessage());
        }
    }

    private long positive(String key, long limit) {
        JsonElement e = body.get(key);
        String bad = key + " must be a whole number from 1 to " + limit + ", got " + e;
        if (!e.isJsonPrimitive() || !((JsonPrimitive) e).isNumber()) {
            throw new HttpError(400, bad);
        }
        BigDecimal v = e.getAsBigDecimal();
        if (v.signum() <= 0 || v.stripTrailingZeros().scale() > 0 || v.compareTo(BigDecimal.valueOf(limit)) > 0) {
            throw new HttpError(400, bad);
        }
        return v.longValueExact();
    }
}
