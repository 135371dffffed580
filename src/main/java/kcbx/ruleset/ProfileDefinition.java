package kcbx.ruleset;

/** What profile.yaml says about a county profile and the document it encodes. */
public record ProfileDefinition(String id, String name, String parent, String sourceDocument, String issuer,
                                Integer year) {
}
