package org.cosettle.core;

import java.util.HashMap;
import java.util.Map;

/** Fee categories of the national settlement list (医疗收费项目类别), spec §7. */
public enum FeeCategory {
  BED("01", "床位费"),
  CONSULTATION("02", "诊察费"),
  EXAMINATION("03", "检查费"),
  LAB_TEST("04", "化验费"),
  TREATMENT("05", "治疗费"),
  SURGERY("06", "手术费"),
  NURSING("07", "护理费"),
  MATERIAL("08", "卫生材料费"),
  WESTERN_DRUG("09", "西药费"),
  HERBAL_DRUG("10", "中药饮片费"),
  PATENT_DRUG("11", "中成药费"),
  GENERAL_CARE("12", "一般诊疗费"),
  REGISTRATION("13", "挂号费"),
  OTHER("14", "其他费");

  private static final Map<String, FeeCategory> BY_NAME_OR_CODE = new HashMap<>();

  static {
    for (FeeCategory c : values()) {
      BY_NAME_OR_CODE.put(c.name(), c);
      BY_NAME_OR_CODE.put(c.code, c);
    }
  }

  private final String code;
  private final String chineseName;

  FeeCategory(String code, String chineseName) {
    this.code = code;
    this.chineseName = chineseName;
  }

  public String code() {
    return code;
  }

  public String chineseName() {
    return chineseName;
  }

  /** Parses a CPL name ({@code WESTERN_DRUG}) or a two-digit code ({@code "09"}); null if neither. */
  public static FeeCategory parse(String text) {
    return BY_NAME_OR_CODE.get(text);
  }
}
