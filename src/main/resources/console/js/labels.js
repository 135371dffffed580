// Chinese names of the service's public codes (shared/policy/catalog.md). The code itself is
// always shown beside its name: staff and auditors key on it.

export const FLAGS = {
  ABSENT_UNEXCUSED: '无故缺勤',
  SUSPECTED_DROPOUT: '疑似辍学',
  PROLONGED_ABSENCE: '连续一周无故缺勤',
  NOT_REPORTED_AT_TERM_START: '开学未报到',
  DROPOUT: '辍学',
  REGISTERED_NOT_ATTENDING: '籍在人不在',
  ATTENDING_NOT_REGISTERED: '人籍不一致',
  OUT_OF_SCHOOL: '适龄失学',
  ENROLLMENT_AGE_REACHED: '达到入学年龄',
  STUDYING_ELSEWHERE: '在外地就读',
  RETURN_FOLLOW_UP: '复学跟踪',
  CHRONIC_ABSENCE: '长期缺勤',
  GUARDIANSHIP_GAP: '监护缺失',
  HOME_TEACHING_OVERDUE: '送教上门逾期',
  HOME_VISIT_OVERDUE: '家访逾期',
  AID_NOT_COVERED: '资助未覆盖',
  UNLAWFUL_EMPLOYMENT: '违法用工',
};

export const ACTIONS = {
  CONTACT_FAMILY: '家校联系',
  VERIFY_AND_REGISTER: '核实情况并登记造册',
  NOTIFY_TOWNSHIP: '报告乡镇',
  TOWNSHIP_HOME_VERIFICATION: '乡镇入户核查',
  JOINT_HOME_PERSUASION: '学校、乡镇、村联合入户劝返',
  RECORD_PERSUASION: '填写劝返记录',
  WRITTEN_REPORT: '书面报告乡镇政府和教育局',
  ORDER_GUARDIAN_CORRECTION: '责令监护人限期改正',
  ISSUE_LEGAL_DOCUMENT: '发放司法文书',
  CREATE_RETURN_FILE: '建立复学学生档案',
  ASSIGN_MENTOR: '教师结对帮扶',
  MONTHLY_HOME_VISIT: '每月家访',
  HOME_TEACHING_VISIT: '送教上门',
  INDIVIDUAL_PLAN: '一人一案',
  DISABILITY_ASSESSMENT: '残疾评估与安置',
  FINANCIAL_AID_CHECK: '落实资助政策',
  BOARDING_PRIORITY: '优先安排寄宿',
  GUARDIANSHIP_REFERRAL: '转介民政落实监护',
  HUKOU_REFERRAL: '督促落户',
  URGE_TRANSFER: '督促办理转学手续',
  ENROLLMENT_NOTICE: '发放入学通知书',
  OUT_OF_SCHOOL_PERSUASION: '失学儿童劝返入学',
  DELAYED_ENROLLMENT_PROCEDURE: '办理延缓入学',
  EMPLOYMENT_REFERRAL: '转介人社查处违法用工',
  LEARNING_SUPPORT: '学业帮扶与心理疏导',
  CORRECT_IDENTITY_RECORD: '更正身份信息',
  CORRECT_REGISTRY_STATUS: '更正学籍状态',
  POLICE_LOCATE_CHILD: '公安协查寻找',
  SAFETY_NET_REFERRAL: '转介兜底保障',
  TRANSPORT_PRIORITY: '优先保障上学交通',
  MIGRANT_CHILD_FILE: '建立随迁子女档案',
};

/** Who must act (the contract's Role). */
export const RESPONSIBLE = {
  CLASS_TEACHER: '班主任',
  SCHOOL: '学校',
  TOWNSHIP: '乡镇政府',
  VILLAGE: '村委会',
  EDUCATION_BUREAU: '教育局',
  POLICE: '公安',
  CIVIL_AFFAIRS: '民政',
  DISABLED_PERSONS_FEDERATION: '残联',
  JUDICIAL: '司法',
  HUMAN_RESOURCES: '人社',
  HEALTH: '卫健',
  GUARDIAN: '监护人',
};

export const LEDGERS = {
  SUSPECTED_DROPOUT_LEDGER: '疑似辍学学生台账',
  DROPOUT_LEDGER: '辍学学生台账',
  OUT_OF_SCHOOL_LEDGER: '疑似失学儿童核查劝返台账',
  SPECIAL_GROUP_LEDGER: '特殊群体儿童台账',
  ENROLLED_ROSTER: '在校学生名册',
};

export const GROUPS = {
  LEFT_BEHIND: '留守儿童',
  ORPHAN: '孤儿',
  DE_FACTO_UNSUPPORTED: '事实无人抚养儿童',
  DISABLED: '残疾儿童',
  DIFFICULT_CIRCUMSTANCES: '困境儿童',
  REGISTERED_POOR: '建档立卡/脱贫户',
  POVERTY_MONITORED: '边缘易致贫监测户',
  SUBSISTENCE_ALLOWANCE: '低保家庭',
  EXTREME_POVERTY_SUPPORT: '特困救助供养',
  PRISONER_CHILD: '服刑人员子女',
  ETHNIC_MINORITY: '少数民族',
  MIGRANT: '流动/随迁子女',
  NO_HUKOU: '无户籍',
  LEARNING_DIFFICULTY: '学困生',
  RETURNED: '劝返复学学生',
  KEY_STAGE: '初中学段',
  KEY_AREA: '重点地区',
  DISABLED_PARENT: '父母残疾',
};

export const RISK = { NONE: '无', LOW: '低', MEDIUM: '中', HIGH: '高', CRITICAL: '极高' };

/** The credential's roles. */
export const ROLES = {
  SCHOOL_SYSTEM: '学校系统',
  COUNTY_OFFICER: '县教育局',
  POLICY_EDITOR: '政策人员',
  AUDITOR: '审计人员',
  OPERATOR: '运维人员',
};

export const GENDER = { MALE: '男', FEMALE: '女' };

/** The facts a rule matched (Explanation.matchedFacts[].type). */
export const FACT_TYPES = {
  AbsenceStreak: '连续缺勤',
  Flag: '标记',
  Action: '措施',
  InterventionFact: '干预记录',
  StudentFact: '学生信息',
  FamilyFact: '家庭情况',
  DisabilityFact: '残疾情况',
  OnSchoolRoll: '在籍在校',
  Parameters: '政策参数',
  TermAttendance: '本学期出勤',
  GroupMembership: '重点群体',
  LedgerEntry: '台账',
  RiskFactor: '风险因素',
  EvaluationContext: '评估日期',
};

export const CHAIN_PROBLEMS = {
  content_mismatch: '记录内容与入链哈希不符',
  link_mismatch: '链接哈希不符',
  missing_record: '链上记录缺失',
  sequence_gap: '序号断档',
  head_mismatch: '链头不符',
  unchained_record: '存在未入链的记录',
  chain_truncated: '链被截断（短于签名检查点）',
  checkpoint_mismatch: '与签名检查点不符',
  derived_row_mismatch: '派生索引行与记录不符',
};

export const PUBLICATION_ORIGIN = {
  startup: '启动时载入',
  published: '发布',
  publication: '发布',
};

const PROBLEMS = {
  unauthenticated: '凭据无效、已吊销或已过期，请重新登录。',
  forbidden: '当前凭据的角色无权执行此操作。',
  school_not_served: '当前凭据不服务于该学校，无权查看或提交该学校学生的信息。',
  not_found: '未找到对应记录。',
  invalid_field: '输入有误，请检查标出的字段。',
  unknown_field: '请求含有接口不认识的字段。',
  unknown_profile: '没有这个县区配置。',
  storage_unavailable: '数据库暂时不可用，请稍后重试。',
  ruleset_invalid: '规则包未通过编译，未作任何变更。',
  scenarios_failed: '规则包未通过场景测试，未作任何变更。',
  invalid_zip: '所选文件不是可用的规则文件夹 zip 压缩包。',
  unknown_ruleset_version: '没有这个规则集版本。',
  ruleset_not_rebuildable: '该规则集版本无法重建。',
  payload_too_large: '提交的内容超过大小上限。',
  record_not_chained: '该记录不在审计链上，服务不予提供（请做链校验）。',
  malformed_json: '请求格式错误。',
  internal_error: '服务内部错误。',
};

/** One sentence for a refused call. */
export function problemText(status, problem) {
  if (problem && problem.code && PROBLEMS[problem.code]) {
    return PROBLEMS[problem.code];
  }
  if (status === 401) return PROBLEMS.unauthenticated;
  if (status === 403) return PROBLEMS.forbidden;
  if (status === 404) return PROBLEMS.not_found;
  if (status >= 500) return `服务暂时无法完成请求（${status}），请稍后重试。`;
  return `请求未被接受（${status}）${problem && problem.detail ? `：${problem.detail}` : ''}`;
}

export function name(map, code) {
  return map[code] || code;
}
