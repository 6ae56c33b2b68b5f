package org.cosettle.crypto.triples;

/**
 * Where a {@link TripleGenerator} gets its OTs. Both parties must choose the same source.
 *
 * <ul>
 *   <li>{@link #IKNP}: IKNP/ALSZ OT extension, 16 bytes per OT ({@code IknpOtExtension}).
 *   <li>{@link #SILENT}: Ferret silent correlated OT ({@code Ferret}) on top of the same IKNP
 *       sessions: 0.056 bytes per OT on main iterations (calls of 5.1 M OTs or more), 0.64 on
 *       bootstrap iterations, plus 1.15 MB once per direction to bootstrap; 173 MB of buffered
 *       OTs per direction and party once a call has needed the main set, 10 MB before.
 * </ul>
 */
public enum OtSource {
  IKNP,
  SILENT
}
