package org.cosettle.core;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.RandomAccess;

/**
 * The line items of many claims stored field by field in a few primitive arrays, instead of as
 * one object each: a million claims hold some five million items, and as objects they would
 * keep the garbage collector busy copying them. {@link #of} views the items of one claim as a
 * list; each {@link LineItem} is made when it is asked for. Filled by one thread, then only read.
 */
final class LineItems {
  private static final FeeCategory[] CATEGORIES = FeeCategory.values();
  private static final int AMOUNTS_PER_ITEM = 5;

  private long[] amounts;
  private String[] codes;
  private byte[] categories;
  private boolean[] specialDrugs;
  private int size;

  LineItems(int capacity) {
    int c = Math.max(capacity, 4);
    amounts = new long[AMOUNTS_PER_ITEM * c];
    codes = new String[c];
    categories = new byte[c];
    specialDrugs = new boolean[c];
  }

  /** How many items are stored. */
  int size() {
    return size;
  }

  /** Stores an item; {@code amounts} holds amount, full_self_pay, over_limit, pre_self_pay, in_scope. */
  void add(String code, FeeCategory category, long[] itemAmounts, boolean specialDrug) {
    if (size == codes.length) {
      resize(2 * size);
    }
    System.arraycopy(itemAmounts, 0, amounts, AMOUNTS_PER_ITEM * size, AMOUNTS_PER_ITEM);
    codes[size] = code;
    categories[size] = (byte) category.ordinal();
    specialDrugs[size] = specialDrug;
    size++;
  }

  /** Forgets the items from {@code newSize} on (those of a claim that turned out bad). */
  void truncate(int newSize) {
    Arrays.fill(codes, newSize, size, null);
    size = newSize;
  }

  /** Gives the arrays back the room they do not need, once no more items will come. */
  void trim() {
    if (size < codes.length - codes.length / 8) {
      resize(size);
    }
  }

  private void resize(int capacity) {
    amounts = Arrays.copyOf(amounts, AMOUNTS_PER_ITEM * capacity);
    codes = Arrays.copyOf(codes, capacity);
    categories = Arrays.copyOf(categories, capacity);
    specialDrugs = Arrays.copyOf(specialDrugs, capacity);
  }

  long amount(int index, int field) {
    return amounts[AMOUNTS_PER_ITEM * index + field];
  }

  int category(int index) {
    return categories[index];
  }

  boolean specialDrug(int index) {
    return specialDrugs[index];
  }

  String code(int index) {
    return codes[index];
  }

  LineItem get(int index) {
    int a = AMOUNTS_PER_ITEM * index;
    return new LineItem(codes[index], CATEGORIES[categories[index]], amounts[a], amounts[a + 1],
        amounts[a + 2], amounts[a + 3], amounts[a + 4], specialDrugs[index]);
  }

  /** The unmodifiable list of items {@code [from, from+count)}. */
  View of(int from, int count) {
    return new View(this, from, count);
  }

  /** The items of one claim, as {@link Claim#items()} gives them. */
  static final class View extends AbstractList<LineItem> implements RandomAccess {
    private final LineItems store;
    private final int from;
    private final int count;

    private View(LineItems store, int from, int count) {
      this.store = store;
      this.from = from;
      this.count = count;
    }

    @Override
    public LineItem get(int index) {
      return store.get(at(index));
    }

    /** The store index of item {@code index} of this claim. */
    int at(int index) {
      if (index < 0 || index >= count) {
        throw new IndexOutOfBoundsException("item " + index + " of " + count);
      }
      return from + index;
    }

    LineItems store() {
      return store;
    }

    @Override
    public int size() {
      return count;
    }
  }
}
