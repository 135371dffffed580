package kcbx.engine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** A YAML file of a rule set (profile, parameters, calendar) as a mapping of names to values. */
final class RulesetYaml {
    private RulesetYaml() {
    }

    /** The file's mapping, empty for an empty file; null, with the problem added, when it is not one. */
    static Map<String, Object> read(RulesetSource source, String path, List<RulesetProblem> problems) {
        try {
            Object loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(source.text(path));
            if (loaded == null) {
                return Map.of();
            }
            if (!(loaded instanceof Map<?, ?> map)) {
                problems.add(new RulesetProblem(path, 1, 1, "The file must be a YAML mapping of names to values."));
                return null;
            }
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), v));
            return out;
        } catch (org.yaml.snakeyaml.error.MarkedYAMLException e) {
            var mark = e.getProblemMark();
            problems.add(new RulesetProblem(path, mark == null ? 0 : mark.getLine() + 1,
                    mark == null ? 0 : mark.getColumn() + 1, "YAML syntax: " + e.getProblem() + "."));
            return null;
        } catch (RuntimeException e) {
            problems.add(new RulesetProblem(path, 0, 0, "Unreadable YAML."));
            return null;
        }
    }
}
