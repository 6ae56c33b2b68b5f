package org.cosettle.crypto.sharing;

/** The two share holders. Public constants are added by {@link #P0} only. */
public enum Party {
  P0,
  P1
}
