package org.cosettle.policy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Text mutations for the fuzz tests: characters, tokens and whole lines inserted, deleted,
 * duplicated, swapped or replaced, Chinese and other wide characters inserted, and truncation.
 */
final class Mutator {
  private final Random rnd;
  private final List<String> dictionary;

  /** {@code dictionary}: snippets worth inserting (keywords, operators, field names, odd characters). */
  Mutator(Random rnd, List<String> dictionary) {
    this.rnd = rnd;
    this.dictionary = dictionary;
  }

  private static final String[] WIDE = {"免赔额", "赔", "中", "，", "（", "）", "：", "＝", "\uD840\uDC00", "Σ", "\u3000", "\uFEFF"};
  private static final String[] ODD = {"\n", "\r", "\r\n", "\t", "\"", "\\", "#", " ", "%", ".", "-", "0", "9", "2026-",
      "\u0000", "\u00A0", "\u2028", "e", "E", "*", "{", "}", "[", "]", "(", ")", ",", ":"};

  /** One to four mutations of {@code text}. */
  String mutate(String text) {
    String s = text;
    for (int n = 1 + rnd.nextInt(4); n > 0; n--) {
      s = once(s);
    }
    return s;
  }

  private String once(String s) {
    int at = s.isEmpty() ? 0 : rnd.nextInt(s.length() + 1);
    switch (rnd.nextInt(11)) {
      case 0: return s.substring(0, at) + pick(WIDE) + s.substring(at);
      case 1: return s.substring(0, at) + pick(ODD) + s.substring(at);
      case 2: return s.substring(0, at) + pick(dictionary) + s.substring(at);
      case 3: return replaceChar(s, at);
      case 4: {
        int end = Math.min(s.length(), at + 1 + rnd.nextInt(12));
        return s.substring(0, at) + s.substring(end);
      }
      case 5: {
        int end = Math.min(s.length(), at + 1 + rnd.nextInt(20));
        return s.substring(0, end) + s.substring(at, end) + s.substring(end);
      }
      case 6: return s.substring(0, at);
      case 7: return lines(s);
      case 8: return tokens(s);
      case 9: return s.substring(0, at) + pick(dictionary) + " " + pick(dictionary) + s.substring(at);
      default: return replaceChar(replaceChar(s, at), at);
    }
  }

  private String replaceChar(String s, int at) {
    if (at >= s.length()) {
      return s + pick(ODD);
    }
    String with = rnd.nextBoolean() ? pick(ODD) : String.valueOf((char) (32 + rnd.nextInt(95)));
    return s.substring(0, at) + with + s.substring(at + 1);
  }

  /** Deletes, duplicates or swaps whole lines. */
  private String lines(String s) {
    List<String> lines = new ArrayList<>(Arrays.asList(s.split("\n", -1)));
    int i = rnd.nextInt(lines.size());
    int j = rnd.nextInt(lines.size());
    switch (rnd.nextInt(3)) {
      case 0: lines.remove(i); break;
      case 1: lines.add(j, lines.get(i)); break;
      default: {
        String t = lines.get(i);
        lines.set(i, lines.get(j));
        lines.set(j, t);
      }
    }
    return String.join("\n", lines);
  }

  /** Replaces, deletes or repeats one token (a run of word characters or one other character). */
  private String tokens(String s) {
    List<String> tokens = new ArrayList<>(Arrays.asList(s.split("(?<=[^\\p{L}\\p{N}_.%])|(?=[^\\p{L}\\p{N}_.%])")));
    if (tokens.isEmpty()) {
      return pick(dictionary);
    }
    int i = rnd.nextInt(tokens.size());
    switch (rnd.nextInt(3)) {
      case 0: tokens.set(i, rnd.nextBoolean() ? pick(dictionary) : tokens.get(rnd.nextInt(tokens.size()))); break;
      case 1: tokens.remove(i); break;
      default: tokens.add(i, tokens.get(i));
    }
    return String.join("", tokens);
  }

  private String pick(String[] options) {
    return options[rnd.nextInt(options.length)];
  }

  private String pick(List<String> options) {
    return options.get(rnd.nextInt(options.size()));
  }
}
