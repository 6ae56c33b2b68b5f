// The C++ side of CoSettle's SEAL backend (org.cosettle.crypto.seal.SealNative): one BFV context
// on explicit primes, and the few calls the Java interface needs, each taking its randomness as a
// seed from the caller and its slots as arrays. Compiled by JavaCPP against SEAL 4.4.
#pragma once

#include <seal/seal.h>
#include <seal/util/ntt.h>

#include <cstdint>
#include <cstring>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <vector>

namespace cosettle_seal {

// The generator every seeded call draws from, on this thread only while the call runs.
inline thread_local std::shared_ptr<seal::UniformRandomGenerator> call_randomness;

// SEAL asks its parameters' factory for a generator wherever it samples (keys, encryption); this
// one hands out Blake2xb generators seeded from the current call's randomness, so that all of
// SEAL's sampling derives from the 64-byte seed the Java side drew from its Prg. Outside a seeded
// call it refuses, so nothing is ever sampled from an unseeded source.
class SeededFactory : public seal::UniformRandomGeneratorFactory {
 public:
  SeededFactory() : seal::UniformRandomGeneratorFactory(seal::prng_seed_type{}) {}

 protected:
  std::shared_ptr<seal::UniformRandomGenerator> create_impl(seal::prng_seed_type) override {
    if (!call_randomness) {
      throw std::logic_error("SEAL asked for randomness outside a seeded call");
    }
    seal::prng_seed_type seed{};
    call_randomness->generate(seal::prng_seed_byte_count, reinterpret_cast<seal::seal_byte *>(seed.data()));
    return std::make_shared<seal::Blake2xbPRNG>(seed);
  }
};

// Sets the call's randomness from a 64-byte seed for the lifetime of this object.
class SeededCall {
 public:
  explicit SeededCall(const signed char *seed) {
    seal::prng_seed_type words{};
    std::copy_n(reinterpret_cast<const seal::seal_byte *>(seed), seal::prng_seed_byte_count,
        reinterpret_cast<seal::seal_byte *>(words.data()));
    call_randomness = std::make_shared<seal::Blake2xbPRNG>(words);
  }
  ~SeededCall() { call_randomness.reset(); }
  SeededCall(const SeededCall &) = delete;
  SeededCall &operator=(const SeededCall &) = delete;
};

// Serialized bytes handed back to Java.
class Bytes {
 public:
  long long size() const { return static_cast<long long>(data_.size()); }
  void copy_to(signed char *destination) const { std::memcpy(destination, data_.data(), data_.size()); }

  template <class T>
  void save(const T &object) {
    data_.resize(static_cast<std::size_t>(object.save_size(seal::compr_mode_type::none)));
    auto written = object.save(data_.data(), data_.size(), seal::compr_mode_type::none);
    data_.resize(static_cast<std::size_t>(written));
  }

 private:
  std::vector<seal::seal_byte> data_;
};

// SEAL's own encoding of a ciphertext, uncompressed.
inline void save(const seal::Ciphertext &ciphertext, Bytes &destination) { destination.save(ciphertext); }

inline void copy(const seal::Ciphertext &ciphertext, seal::Ciphertext &destination) { destination = ciphertext; }

// One negacyclic NTT modulo one prime, SEAL's Harvey butterflies.
class Ntt {
 public:
  Ntt(int n, long long prime) : tables_(log2_of(n), seal::Modulus(static_cast<std::uint64_t>(prime))) {}
  void forward(long long *values) const {
    seal::util::ntt_negacyclic_harvey(seal::util::CoeffIter(reinterpret_cast<std::uint64_t *>(values)), tables_);
  }
  void inverse(long long *values) const {
    seal::util::inverse_ntt_negacyclic_harvey(
        seal::util::CoeffIter(reinterpret_cast<std::uint64_t *>(values)), tables_);
  }

 private:
  static int log2_of(int n) {
    int power = 0;
    while ((1 << power) < n) {
      power++;
    }
    if ((1 << power) != n) {
      throw std::invalid_argument("the NTT degree must be a power of two");
    }
    return power;
  }
  seal::util::NTTTables tables_;
};

// The NTTs of one RNS chain, SEAL's Harvey butterflies: a whole limb-major polynomial per call
// (limb j modulo the chain's prime primes[j]), which saves a JNI crossing and an array copy per
// limb. SEAL's tables take the smallest primitive 2n-th root, as the Java tables do, so the
// evaluation order is the same (the Java side checks that on every context it builds).
class RnsNtt {
 public:
  RnsNtt(int n, const long long *primes, int count) : n_(static_cast<std::size_t>(n)) {
    int power = 0;
    while ((1 << power) < n) {
      power++;
    }
    if ((1 << power) != n) {
      throw std::invalid_argument("the NTT degree must be a power of two");
    }
    for (int i = 0; i < count; i++) {
      tables_.emplace_back(power, seal::Modulus(static_cast<std::uint64_t>(primes[i])));
    }
  }
  void forward(long long *poly, const int *primes, int limbs) const {
    auto *values = reinterpret_cast<std::uint64_t *>(poly);
    for (int j = 0; j < limbs; j++) {
      seal::util::ntt_negacyclic_harvey(seal::util::CoeffIter(values + j * n_), table(primes[j]));
    }
  }
  void inverse(long long *poly, const int *primes, int limbs) const {
    auto *values = reinterpret_cast<std::uint64_t *>(poly);
    for (int j = 0; j < limbs; j++) {
      seal::util::inverse_ntt_negacyclic_harvey(seal::util::CoeffIter(values + j * n_), table(primes[j]));
    }
  }

 private:
  const seal::util::NTTTables &table(int prime) const {
    if (prime < 0 || static_cast<std::size_t>(prime) >= tables_.size()) {
      throw std::invalid_argument("no such prime in the chain");
    }
    return tables_[static_cast<std::size_t>(prime)];
  }
  std::size_t n_;
  std::vector<seal::util::NTTTables> tables_;
};

// BFV with batching on one parameter set: n, the chain (special prime last), the plaintext prime.
class Scheme {
 public:
  Scheme(int n, const long long *primes, int count, long long plain) : context_(make_context(n, primes, count, plain)),
      encoder_(context_), evaluator_(context_) {}

  const seal::SEALContext &context() const { return context_; }

  void secret_key(const signed char *seed, seal::SecretKey &destination) const {
    SeededCall call(seed);
    seal::KeyGenerator keys(context_);
    destination = keys.secret_key();
  }

  // The public key, and its seeded encoding for the wire (half the size of the key itself).
  void public_key(const seal::SecretKey &secret, const signed char *seed, seal::PublicKey &destination,
      Bytes &wire) const {
    {
      SeededCall call(seed);
      seal::KeyGenerator keys(context_, secret);
      wire.save(keys.create_public_key());
    }
    load_public_key_into(wire, destination);
  }

  void relin_keys(const seal::SecretKey &secret, const signed char *seed, seal::RelinKeys &destination) const {
    SeededCall call(seed);
    seal::KeyGenerator keys(context_, secret);
    keys.create_relin_keys(destination);
  }

  void galois_keys(const seal::SecretKey &secret, const int *steps, int count, const signed char *seed,
      seal::GaloisKeys &destination) const {
    SeededCall call(seed);
    seal::KeyGenerator keys(context_, secret);
    keys.create_galois_keys(std::vector<int>(steps, steps + count), destination);
  }

  void encrypt(const seal::Encryptor &encryptor, const long long *slots, const signed char *seed,
      seal::Ciphertext &destination) const {
    seal::Plaintext plain = encode(slots);
    SeededCall call(seed);
    encryptor.encrypt(plain, destination);
  }

  // The seeded encoding of a fresh symmetric encryption (c0 and the seed of c1).
  void encrypt_symmetric(const seal::Encryptor &encryptor, const long long *slots, const signed char *seed,
      Bytes &wire) const {
    seal::Plaintext plain = encode(slots);
    SeededCall call(seed);
    wire.save(encryptor.encrypt_symmetric(plain));
  }

  void decrypt(seal::Decryptor &decryptor, const seal::Ciphertext &ciphertext, long long *slots) const {
    seal::Plaintext plain;
    decryptor.decrypt(ciphertext, plain);
    std::vector<std::uint64_t> values;
    encoder_.decode(plain, values);
    std::copy(values.begin(), values.end(), reinterpret_cast<std::uint64_t *>(slots));
  }

  int noise_budget(seal::Decryptor &decryptor, const seal::Ciphertext &ciphertext) const {
    return decryptor.invariant_noise_budget(ciphertext);
  }

  void add(const seal::Ciphertext &x, const seal::Ciphertext &y, seal::Ciphertext &destination) const {
    evaluate(x, destination, [&](seal::Ciphertext &result) { evaluator_.add_inplace(result, y); });
  }

  void add_plain(const seal::Ciphertext &x, const long long *slots, seal::Ciphertext &destination) const {
    seal::Plaintext plain = encode(slots);
    evaluate(x, destination, [&](seal::Ciphertext &result) { evaluator_.add_plain_inplace(result, plain); });
  }

  void multiply_plain(const seal::Ciphertext &x, const long long *slots, seal::Ciphertext &destination) const {
    seal::Plaintext plain = encode(slots);
    evaluate(x, destination, [&](seal::Ciphertext &result) { evaluator_.multiply_plain_inplace(result, plain); });
  }

  void multiply(const seal::Ciphertext &x, const seal::Ciphertext &y, seal::Ciphertext &destination) const {
    evaluate(x, destination, [&](seal::Ciphertext &result) { evaluator_.multiply_inplace(result, y); });
  }

  void relinearize(const seal::Ciphertext &x, const seal::RelinKeys &keys, seal::Ciphertext &destination) const {
    evaluate(x, destination, [&](seal::Ciphertext &result) { evaluator_.relinearize_inplace(result, keys); });
  }

  void rotate_rows(const seal::Ciphertext &x, int steps, const seal::GaloisKeys &keys,
      seal::Ciphertext &destination) const {
    evaluate(x, destination, [&](seal::Ciphertext &result) { evaluator_.rotate_rows_inplace(result, steps, keys); });
  }

  void mod_switch_to_next(const seal::Ciphertext &x, seal::Ciphertext &destination) const {
    evaluate(x, destination, [&](seal::Ciphertext &result) { evaluator_.mod_switch_to_next_inplace(result); });
  }

  // destination = x with residues (limb-major over x's primes, each below its prime) added to c0.
  void add_to_first(const seal::Ciphertext &x, const long long *residues, seal::Ciphertext &destination) const {
    destination = x;
    auto data = context_.get_context_data(x.parms_id());
    const auto &moduli = data->parms().coeff_modulus();
    std::size_t n = x.poly_modulus_degree();
    std::uint64_t *c0 = destination.data(0);
    const auto *add = reinterpret_cast<const std::uint64_t *>(residues);
    for (std::size_t limb = 0; limb < moduli.size(); limb++) {
      std::uint64_t q = moduli[limb].value();
      for (std::size_t c = limb * n; c < (limb + 1) * n; c++) {
        if (add[c] >= q) {
          throw std::invalid_argument("a residue is not below its prime");
        }
        std::uint64_t sum = c0[c] + add[c];
        c0[c] = sum >= q ? sum - q : sum;
      }
    }
  }

  // Strict: a ciphertext of these parameters at a data level, in coefficient form, of size 2 or more.
  void load_ciphertext(const signed char *in, long long size, seal::Ciphertext &destination) const {
    seal::Ciphertext loaded;
    loaded.load(context_, reinterpret_cast<const seal::seal_byte *>(in), static_cast<std::size_t>(size));
    if (loaded.is_ntt_form()) {
      throw std::invalid_argument("a BFV ciphertext must be in coefficient form");
    }
    auto data = context_.get_context_data(loaded.parms_id());
    if (!data || data->chain_index() > context_.first_context_data()->chain_index()) {
      throw std::invalid_argument("the ciphertext is not at a data level of these parameters");
    }
    destination = std::move(loaded);
  }

  void load_public_key(const signed char *in, long long size, seal::PublicKey &destination) const {
    destination.load(context_, reinterpret_cast<const seal::seal_byte *>(in), static_cast<std::size_t>(size));
  }

 private:
  static seal::SEALContext make_context(int n, const long long *primes, int count, long long plain) {
    seal::EncryptionParameters parameters(seal::scheme_type::bfv);
    parameters.set_poly_modulus_degree(static_cast<std::size_t>(n));
    std::vector<seal::Modulus> chain;
    for (int i = 0; i < count; i++) {
      chain.emplace_back(static_cast<std::uint64_t>(primes[i]));
    }
    parameters.set_coeff_modulus(chain);
    parameters.set_plain_modulus(static_cast<std::uint64_t>(plain));
    parameters.set_random_generator(std::make_shared<SeededFactory>());
    seal::SEALContext context(parameters, true, seal::sec_level_type::tc128);
    if (!context.parameters_set()) {
      throw std::invalid_argument(std::string("SEAL refuses the parameters: ") + context.parameter_error_message());
    }
    if (!context.first_context_data()->qualifiers().using_batching) {
      throw std::invalid_argument("SEAL cannot batch with this plaintext modulus");
    }
    return context;
  }

  void load_public_key_into(const Bytes &wire, seal::PublicKey &destination) const {
    std::vector<seal::seal_byte> bytes(static_cast<std::size_t>(wire.size()));
    wire.copy_to(reinterpret_cast<signed char *>(bytes.data()));
    destination.load(context_, bytes.data(), bytes.size());
  }

  // destination = x, then the in-place operation on it. SEAL (built with its default
  // SEAL_THROW_ON_TRANSPARENT_CIPHERTEXT) refuses a result whose c1 is zero, e.g. a product with
  // the zero plaintext, after computing it in place; that result is the exact encryption of the
  // exact value (no noise at all), which the Java backend returns as well, so it is kept. Every
  // other error propagates.
  template <class Operation>
  static void evaluate(const seal::Ciphertext &x, seal::Ciphertext &destination, Operation operation) {
    destination = x;
    try {
      operation(destination);
    } catch (const std::logic_error &e) {
      if (!destination.is_transparent() || std::string(e.what()) != "result ciphertext is transparent") {
        throw;
      }
    }
  }

  seal::Plaintext encode(const long long *slots) const {
    std::size_t n = encoder_.slot_count();
    const auto *values = reinterpret_cast<const std::uint64_t *>(slots);
    seal::Plaintext plain;
    encoder_.encode(std::vector<std::uint64_t>(values, values + n), plain);
    return plain;
  }

  seal::SEALContext context_;
  seal::BatchEncoder encoder_;
  seal::Evaluator evaluator_;
};

}  // namespace cosettle_seal
