// The candidate rule set being worked on: the zip validated on 规则包校验, kept in this page's
// memory only (a reload forgets it), so 影响分析 and 发布 send exactly the files that were checked.
let current = null;

/** {fileName, files: [{path, content}], version, profiles, valid} or null. */
export function candidate() {
  return current;
}

export function setCandidate(value) {
  current = value;
}
