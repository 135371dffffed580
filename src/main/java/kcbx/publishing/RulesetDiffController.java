package kcbx.publishing;

import io.micronaut.http.annotation.Controller;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import kcbx.api.RulesetDiffApi;
import kcbx.api.model.FileDiff;
import kcbx.api.model.FileDiffStatus;
import kcbx.api.model.RulesetDiff;
import kcbx.ruleset.RulesetArchive;
import kcbx.engine.RulesetSource;
import kcbx.system.ProblemException;

/**
 * GET /v1/rulesets/{fromVersion}/diff/{toVersion}: what policy staff changed between two stored
 * versions, file by file and line by line (the console's 版本对比). Both versions are read from
 * the archive, checked against their hashes; nothing is compiled. Roles: /v1/rulesets/** GET
 * (POLICY_EDITOR, AUDITOR).
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
class RulesetDiffController implements RulesetDiffApi {
    private static final int DEFAULT_CONTEXT = 3;

    private final RulesetArchive archive;

    RulesetDiffController(RulesetArchive archive) {
        this.archive = archive;
    }

    @Override
    public RulesetDiff diffRulesets(String fromVersion, String toVersion, Integer context) {
        Map<String, byte[]> from = files(fromVersion);
        Map<String, byte[]> to = files(toVersion);
        int around = context == null ? DEFAULT_CONTEXT : context;
        List<FileDiff> files = new ArrayList<>();
        int unchanged = 0;
        TreeSet<String> paths = new TreeSet<>(from.keySet());
        paths.addAll(to.keySet());
        for (String path : paths) {
            byte[] a = from.get(path);
            byte[] b = to.get(path);
            if (a != null && b != null && MessageDigest.isEqual(a, b)) {
                unchanged++;
                continue;
            }
            files.add(file(path, a, b, around));
        }
        return new RulesetDiff(fromVersion, toVersion, unchanged, files);
    }

    private Map<String, byte[]> files(String version) {
        return archive.load(version).map(RulesetSource::files)
                .orElseThrow(() -> ProblemException.notFound("rule set version"));
    }

    private static FileDiff file(String path, byte[] a, byte[] b, int context) {
        FileDiffStatus status = a == null ? FileDiffStatus.ADDED : b == null ? FileDiffStatus.REMOVED : FileDiffStatus.CHANGED;
        List<String> old = a == null ? List.of() : LineDiff.lines(new String(a, StandardCharsets.UTF_8));
        List<String> now = b == null ? List.of() : LineDiff.lines(new String(b, StandardCharsets.UTF_8));
        FileDiff diff;
        if (old.size() > LineDiff.MAX_LINES || now.size() > LineDiff.MAX_LINES) {
            diff = new FileDiff(path, status, now.size(), old.size(), List.of()).tooLarge(true);
        } else {
            LineDiff lines = LineDiff.of(old, now);
            diff = new FileDiff(path, status, lines.added(), lines.removed(), lines.hunks(context));
        }
        return diff.fromSha256(a == null ? null : sha256(a)).toSha256(b == null ? null : sha256(b));
    }

    private static String sha256(byte[] content) {
        try {
            return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
