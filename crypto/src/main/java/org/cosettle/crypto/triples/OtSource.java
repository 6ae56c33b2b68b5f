package org.cosettle.crypto.triples;

/**
 * Where a {@link TripleGenerator} gets its OTs. Both parties must choose the same source.
 *
 * <ul>
 *   <li>{@link #IKNP}: IKNP/ALSZ OT extension, 16 bytes per OT ({@code IknpOtExtension}).
 *   <li>{@link #SILENT}: Ferret silent correlated OT ({@code Ferret}) on top of the same IKNP
 *       sessions, about 0.06 bytes per OT in steady state (plus about 1.5 MB once per session and
 *       direction to bootstrap); up to 173 MB of buffered OTs per direction and party when a call
 *       needs more than 602,019 OTs.
 * </ul>
 */
public enum OtSource {
  IKNP,
  SILENT
}
