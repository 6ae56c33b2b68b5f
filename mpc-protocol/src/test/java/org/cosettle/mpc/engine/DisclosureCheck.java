package org.cosettle.mpc.engine;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.cosettle.core.Claim;
import org.cosettle.core.InsuredFile;
import org.cosettle.core.Party;
import org.cosettle.mpc.plan.Plan;
import org.cosettle.mpc.plan.Planner;
import org.cosettle.policy.CompiledPolicy;
import org.cosettle.policy.ir.Ir.Label;
import org.cosettle.policy.ir.Ir;

/**
 * The leak check of handshake mode, from both sides: a real two-party run (over an in-memory
 * channel, as {@link TwoPartySettlement}), whose every result disclosure must be one the manifest
 * allows, at the data holder and at the insurer alike.
 *
 * <p><b>What is recorded, where.</b> Each party's {@link ResultGate} is the only code that opens a
 * result from shares or sends or receives a result in plaintext; it reports each one ({@link
 * Disclosure}: kind, declaration, sender, recipients) to the party's {@link DisclosureLog} with the
 * recipients it actually uses, just before the messages. The log also wraps the party's end of
 * the channel and notes every message sent and received, in the same stream.
 *
 * <p><b>Check 1, the record against the manifest.</b> What the manifest allows is derived from
 * {@link CompiledPolicy#manifest()} itself (which party "learns" each output, aggregate and
 * state) and the plan (a result computed on shares is opened to exactly those parties; one that
 * a party computes alone is sent by it to the other party when the other learns it, and not at
 * all otherwise), plus the count of state-bound violations, opened to both first (protocol.md).
 * Each party's record must equal that list; a run that stopped must have recorded a prefix of it.
 *
 * <p><b>Check 2, the record against the wire.</b> From the end of the secure evaluation on, every
 * message a party sends or receives must be accounted for by the disclosure recorded just before
 * it: an opening to both is one message each way, an opening to one party one message to it, a
 * plaintext result one message from its sender; a message that no disclosure accounts for, or one
 * too many, is reported, and so is a message of the wrong size (8 bytes per opened or sent value:
 * per claim for an output, per insured person for a state, a withheld flag, count and total per
 * group for an aggregate; a plaintext aggregate must hold one row per group). So a result opened
 * past the gate, or opened otherwise than recorded, cannot pass unseen.
 *
 * <p><b>Not covered, by design.</b> The messages of the secure evaluation itself and of an
 * aggregate's computation on shares (bracketed by {@link Disclosures#computing}) are masked
 * openings inside Beaver products, AND gates and bit conversions, uniform whatever the inputs;
 * {@code EngineViewTest} and the arithmetic's view test check those.
 */
public final class DisclosureCheck {
  private DisclosureCheck() {}

  /**
   * What a checked run found: how it ended ({@code settled}, {@code refused: KIND} or {@code failed:
   * ...}), every finding of either check at either party (none for a run without a leak), and the
   * ways results travelled at the data holder ({@code "state opened"}, {@code "output sent"}, ...),
   * to show what a run exercised.
   */
  public record Report(String outcome, List<String> findings, Set<String> ways) {}

  /** Settles {@code claims} between both parties and checks what each disclosed. */
  public static Report run(CompiledPolicy policy, List<Claim> claims, InsuredFile insured, long[] privateParams)
      throws InterruptedException {
    return run(policy, claims, insured, privateParams, DisclosureLog::new);
  }

  /** As {@link #run(CompiledPolicy, List, InsuredFile, long[])}, with each party's log (and any leak it plants). */
  static Report run(CompiledPolicy policy, List<Claim> claims, InsuredFile insured, long[] privateParams,
      Function<Party, DisclosureLog> logs) throws InterruptedException {
    return run(policy, claims, insured, privateParams, logs, 0);
  }

  /**
   * As {@link #run(CompiledPolicy, List, InsuredFile, long[], Function)}, the batch cut into slices
   * of {@code sliceBudget} correlated values.
   */
  static Report run(CompiledPolicy policy, List<Claim> claims, InsuredFile insured, long[] privateParams,
      Function<Party, DisclosureLog> logs, long sliceBudget) throws InterruptedException {
    DisclosureLog dataHolder = logs.apply(Party.DATA_HOLDER);
    DisclosureLog insurer = logs.apply(Party.INSURER);
    TwoPartySettlement.Sides sides = TwoPartySettlement.run(policy, claims, insured, privateParams, dataHolder::wire,
        TwoPartySettlement.hooks(dataHolder, sliceBudget), insurer::wire,
        TwoPartySettlement.hooks(insurer, sliceBudget));
    List<Disclosure> allowed = allowed(policy, claims.size(), (int) claims.stream().filter(Claim::isReversal).count());
    WireAccount wire = WireAccount.of(policy, claims);
    List<String> findings = new ArrayList<>();
    for (DisclosureLog log : List.of(dataHolder, insurer)) {
      boolean finished = (log == dataHolder ? sides.dataHolderFailure() : sides.insurerFailure()) == null;
      String at = "at the " + log.party.displayName() + ": ";
      againstManifest(log.disclosures(), allowed, finished).forEach(f -> findings.add(at + f));
      wire.check(log, finished).forEach(f -> findings.add(at + f));
    }
    Set<String> ways = new java.util.TreeSet<>();
    dataHolder.disclosures().forEach(d -> ways.add(d.kind().display() + (d.from() == null ? " opened" : " sent")));
    return new Report(outcome(sides), findings, ways);
  }

  private static String outcome(TwoPartySettlement.Sides sides) {
    Throwable failure = sides.dataHolderFailure() != null ? sides.dataHolderFailure() : sides.insurerFailure();
    if (failure == null) {
      return "settled";
    }
    if (failure instanceof HandshakeSettlement.RefusedException refused) {
      return "refused: " + refused.refusals().get(0).kind();
    }
    return "failed: " + failure;
  }

  /** As {@link #allowed(CompiledPolicy, int)} for a batch with claims. */
  static List<Disclosure> allowed(CompiledPolicy policy) {
    return allowed(policy, 1);
  }

  /**
   * The disclosures the manifest allows a settled run of {@code claims} claims, in the order the
   * protocol makes them (the state-bound bit only when a shared state can leave the bound and the
   * batch has claims).
   */
  static List<Disclosure> allowed(CompiledPolicy policy, int claims) {
    return allowed(policy, claims, 0);
  }

  /** As {@link #allowed(CompiledPolicy, int)} for a batch holding {@code reversals} reversals (public metadata). */
  static List<Disclosure> allowed(CompiledPolicy policy, int claims, int reversals) {
    Plan plan = Planner.plan(policy);
    Map<String, Set<Party>> learners = learners(policy.manifest());
    List<Disclosure> allowed = new ArrayList<>();
    if (StateBoundCheck.violationCountBits(plan, claims, reversals) > 0) {
      allowed.add(Disclosure.opened(Disclosure.Kind.BOUND_VIOLATIONS, "", EnumSet.allOf(Party.class)));
    }
    for (CompiledPolicy.Output o : policy.outputs()) {
      add(allowed, Disclosure.Kind.OUTPUT, o.name(), plan.site(o.op()), learners);
    }
    for (Ir.AggregateStep a : policy.aggregates()) {
      Label owner = SecureCosts.aggregateOwner(plan, a);
      add(allowed, Disclosure.Kind.AGGREGATE, a.name(), owner == null ? Label.JOINT : owner, learners);
    }
    for (int s = 0; s < policy.stateNames().size(); s++) {
      if (plan.stateShared(s)) { // a state the insurer computes alone never travels
        add(allowed, Disclosure.Kind.STATE, policy.stateNames().get(s), Label.JOINT, learners);
      }
    }
    return allowed;
  }

  /** How a result computed at {@code site} reaches the parties the manifest says learn it. */
  private static void add(List<Disclosure> allowed, Disclosure.Kind kind, String name, Label site,
      Map<String, Set<Party>> learners) {
    Set<Party> to = learners.getOrDefault(kind.display() + " " + name, Set.of());
    if (site == Label.JOINT) {
      allowed.add(Disclosure.opened(kind, name, to));
    } else {
      site.party().filter(owner -> to.contains(owner.other()))
          .ifPresent(owner -> allowed.add(Disclosure.sent(kind, name, owner)));
    }
  }

  /**
   * Per declaration ({@code "output payout"}, {@code "aggregate owed"}, {@code "state paid_ytd"}),
   * the parties under whose "learns:" heading the manifest lists it.
   */
  static Map<String, Set<Party>> learners(String manifest) {
    Map<String, Set<Party>> learners = new HashMap<>();
    Party section = null;
    for (String line : manifest.split("\n")) {
      if (line.endsWith(" learns:")) {
        section = Party.fromCplName(line.substring(0, line.length() - " learns:".length())).orElseThrow();
      } else if (!line.startsWith("  ")) {
        section = null;
      } else if (section != null) {
        // "output NAME (type) ...", "aggregate NAME: ...", "state NAME after ..."
        String[] words = line.strip().split("[ :]", 3);
        if (words.length >= 2) {
          learners.computeIfAbsent(words[0] + " " + words[1], k -> EnumSet.noneOf(Party.class)).add(section);
        }
      }
    }
    return learners;
  }

  /**
   * Check 1: the differences between what a party recorded and what the manifest allows; a run that
   * did not finish at this party must have recorded a prefix of it.
   */
  static List<String> againstManifest(List<Disclosure> recorded, List<Disclosure> allowed, boolean finished) {
    boolean fits = finished ? recorded.equals(allowed)
        : recorded.size() <= allowed.size() && recorded.equals(allowed.subList(0, recorded.size()));
    if (fits) {
      return List.of();
    }
    List<Disclosure> extra = new ArrayList<>(recorded);
    allowed.forEach(extra::remove);
    List<Disclosure> missing = new ArrayList<>(allowed);
    recorded.forEach(missing::remove);
    List<String> findings = new ArrayList<>();
    extra.forEach(d -> findings.add("not allowed by the manifest: " + d));
    if (finished) {
      missing.forEach(d -> findings.add("allowed but never disclosed: " + d));
    }
    if (findings.isEmpty()) {
      findings.add("disclosed in another order than the protocol's: " + recorded);
    }
    return findings;
  }
}
