package kcbx.engine;

import java.util.List;

/**
 * What profile.yaml says about a county profile and the document it encodes. {@code replaces}
 * names the rule files of the parent this profile deliberately replaces with its own file of the
 * same name; any other same-named file is a compile problem, not a silent shadow.
 */
public record ProfileDefinition(String id, String name, String parent, String sourceDocument, String issuer,
                                Integer year, List<String> replaces) {
}
