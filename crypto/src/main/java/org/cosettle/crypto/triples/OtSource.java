package org.cosettle.crypto.triples;

/**
 * Where a {@link TripleGenerator} gets its OTs. Both parties must choose the same source.
 *
 * <ul>
 *   <li>{@link #IKNP}: IKNP/ALSZ OT extension, 16 bytes per OT ({@code IknpOtExtension}).
 *   <li>{@link #SILENT}: Ferret silent correlated OT ({@code Ferret}) on top of the same IKNP
 *       sessions: 0.056 bytes per OT on main iterations (calls of 5.1 M OTs or more), 0.64 on
 *       bootstrap iterations, plus 1.15 MB once per direction to bootstrap; about 220 MB per
 *       direction and party once a call has needed the main set (its buffered OTs are 173 MB),
 *       38 MB before (the bootstrap code's kept positions are 26 MB of it).
 * </ul>
 */
public enum OtSource {
  IKNP,
  SILENT
}
