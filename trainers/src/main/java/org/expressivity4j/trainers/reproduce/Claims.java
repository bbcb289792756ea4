package org.expressivity4j.trainers.reproduce;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.expressivity4j.core.network.Activation;
import org.expressivity4j.core.theory.RegionBounds;
import org.expressivity4j.trainers.shared.RankCorrelation;
import org.expressivity4j.trainers.shared.Stats;

/**
 * The claims of Raghu et al. (ICML 2017) and of the side results that {@code reproduce} checks, each with the rule
 * that decides it from a stage's run folder (manifest headline results and metrics rows).
 */
final class Claims {

    /** Dichotomies of s = 15 inputs saturate at 2^15; below a quarter of it the counts are not capped. */
    private static final double DICHOTOMY_CAP = Math.pow(2, 15) / 4;

    private Claims() {
    }

    /** Every claim, in report order. */
    static List<Claim> all() {
        List<Claim> c = new ArrayList<>();
        c.add(new Claim("fig2", "Fig. 2 (left)", "Transitions along a trajectory grow exponentially with depth.",
                Stages.TRANSITIONS, Rule.ALL_CHECKS, List.of("plots/transitions-vs-depth-sw2-10.png",
                "plots/transitions-vs-depth-sw2-5.png"), Claims::transitionsExponential));
        c.add(new Claim("fig3", "Fig. 3", "A circle's image grows longer and more convoluted with every layer of a "
                + "width-100 tanh network.", Stages.PICTURE, Rule.ALL_CHECKS,
                List.of("plots/trajectory-picture.png", "plots/length-vs-layer.png"), Claims::pictureGrows));
        c.add(new Claim("fig5", "Fig. 5, Theorem 4", "The number of transitions is proportional to the trajectory "
                + "length (hard tanh).", Stages.TRANSITIONS, Rule.PROPORTIONAL,
                List.of("plots/transitions-vs-length.png"), Claims::transitionsProportional));
        c.add(new Claim("thm1", "Theorem 1", "The number of activation patterns is at most O(k^(mn)) (relu) or "
                + "O((2k)^(mn)) (hard tanh) for inputs in R^m.", Stages.TRANSITIONS, Rule.ALL_CHECKS,
                List.of("plots/transitions-vs-depth-sw2-10.png"), Claims::patternsBounded));
        c.add(new Claim("fig12", "Figs. 12, 13 (a)", "Trajectory length grows exponentially with depth, faster for "
                + "larger sigma_w^2 (relu: Fig. 12; hard tanh: Fig. 13 a).", Stages.GROWTH, Rule.RISES_WITH,
                List.of("plots/length-vs-depth-weight-variance-hard-tanh.png",
                        "plots/length-vs-depth-weight-variance-relu.png"),
                run -> growthRises(run, "length", "weight_variance", "width")));
        c.add(new Claim("fig13b", "Fig. 13 (b)", "Trajectory length grows faster with depth for wider layers.",
                Stages.GROWTH, Rule.RISES_WITH, List.of("plots/length-vs-depth-width-hard-tanh.png"),
                run -> growthRises(run, "length", "width", "weight_variance")));
        c.add(new Claim("fig13cd", "Fig. 13 (c, d)", "The per-layer growth of a small perturbation rises with "
                + "sigma_w^2.", Stages.GROWTH, Rule.RISES_WITH,
                List.of("plots/growth-vs-weight-variance-hard-tanh.png", "plots/growth-vs-width-hard-tanh.png"),
                run -> growthRises(run, "perturbation", "weight_variance", "width")));
        c.add(new Claim("thm3", "Theorem 3 (App. B)", "The expected growth of trajectory length per layer lies "
                + "between the explicit lower and upper bounds.", Stages.GROWTH, Rule.WITHIN_BOUNDS,
                List.of("plots/growth-vs-weight-variance-hard-tanh.png", "plots/growth-vs-width-relu.png"),
                Claims::growthWithinBounds));
        c.add(new Claim("fig14", "Fig. 14 (a)", "Dichotomies increase exponentially with the remaining depth.",
                Stages.DICHOTOMIES, Rule.RISES_WITH, List.of("plots/dichotomies-vs-remaining-depth.png",
                "plots/dichotomies-vs-width.png"), Claims::dichotomiesRiseWithDepth));
        c.add(new Claim("fig15", "Fig. 15", "Dichotomies depend on the remaining depth only, not on which layer is "
                + "swept.", Stages.DICHOTOMIES, Rule.NO_DEPENDENCE,
                List.of("plots/dichotomies-vs-remaining-depth-by-layer.png"), Claims::dichotomiesRemainingDepthOnly));
        c.add(new Claim("fig16", "Fig. 16", "Dichotomies track the number of transitions (label flips).",
                Stages.DICHOTOMIES, Rule.PROPORTIONAL, List.of("plots/dichotomies-vs-transitions.png"),
                Claims::dichotomiesProportional));
        c.add(new Claim("fig6", "Fig. 6", "Noise on the weights of a lower layer costs more accuracy than on a "
                + "higher one (CIFAR-10 conv net; at noise 0.25 about -0.7 on the first layer, -0.02 on the fifth).",
                Stages.NOISE, Rule.FALLS_WITH_DEPTH, List.of("plots/fig6-accuracy-vs-noise.png"),
                Claims::noiseFallsWithDepth));
        c.add(new Claim("fig7", "Fig. 7", "Training only a lower layer reaches higher accuracy than training only a "
                + "higher one (MNIST, hard tanh, width 100).", Stages.ONE_LAYER_MNIST, Rule.FALLS_WITH_DEPTH,
                List.of("plots/fig7-test-accuracy.png", "plots/final-accuracy-by-layer.png"), Claims::oneLayerFalls));
        c.add(new Claim("fig17", "Fig. 17", "The same on CIFAR-10: lower trained layers reach higher accuracy.",
                Stages.ONE_LAYER_CIFAR, Rule.FALLS_WITH_DEPTH,
                List.of("plots/fig17-test-accuracy.png", "plots/final-accuracy-by-layer.png"), Claims::oneLayerFalls));
        c.add(new Claim("fig8", "Fig. 8", "Training increases the trajectory length of the conv and fc layers (no "
                + "normalization; except the last fc layer).", Stages.BN_VS_TRAJREG, Rule.ALL_CHECKS,
                List.of("plots/trajectory-length-none.png"), Claims::trainingLengthens));
        c.add(new Claim("fig9", "Fig. 9", "Training increases each layer's sigma_w^2 (no normalization).",
                Stages.BN_VS_TRAJREG, Rule.ALL_CHECKS, List.of("plots/sigma-w2-none.png"),
                Claims::trainingScalesWeights));
        c.add(new Claim("fig10", "Fig. 10", "Batch-norm layers shrink the trajectory (growth through each bn layer "
                + "below 1 after training).", Stages.BN_VS_TRAJREG, Rule.ALL_CHECKS,
                List.of("plots/trajectory-length-batchnorm.png"), Claims::batchNormShrinks));
        c.add(new Claim("fig11-bn", "Fig. 11", "Batch norm reaches higher test accuracy than no normalization.",
                Stages.BN_VS_TRAJREG, Rule.BETTER, List.of("plots/test-accuracy.png"),
                run -> compareVariants(run, "batchnorm", "none", false)));
        c.add(new Claim("fig11-trajreg", "Fig. 11", "Trajectory regularization reaches about the accuracy of batch "
                + "norm.", Stages.BN_VS_TRAJREG, Rule.SAME, List.of("plots/test-accuracy.png"),
                run -> compareVariants(run, "trajreg", "batchnorm", true)));
        c.add(new Claim("fig11-none", "Fig. 11", "Trajectory regularization reaches higher test accuracy than no "
                + "normalization.", Stages.BN_VS_TRAJREG, Rule.BETTER, List.of("plots/test-accuracy.png"),
                run -> compareVariants(run, "trajreg", "none", false)));
        c.add(new Claim("bn-init", "Dannemann & Junike, Ex. 3.2", "The batch-normalized cost of one linear neuron "
                + "has gradient (-0.34, 0.11) at the least-squares optimum W* = (1, 3).", Stages.BN_INIT,
                Rule.PRINTED_VALUE, List.of("plots/bn-cost-vs-angle.png"), Claims::bnGradient));
        c.add(new Claim("bn-lemma", "Dannemann & Junike, Ex. 3.2", "Santurkar et al.'s Lemma 4.5 fails at W0 = W*.",
                Stages.BN_INIT, Rule.ALL_CHECKS, List.of("plots/bn-descent-paths.png"), Claims::lemmaFails));
        c.add(new Claim("linearity", "Exercise (side result)", "For inputs N(0, sigma^2), sigma -> 0, a deep tanh "
                + "network becomes linear (residual ~ sigma^2), a sigmoid one affine (~ sigma), a relu one stays "
                + "piecewise linear (~ sigma^0).", Stages.LINEARITY, Rule.ALL_CHECKS,
                List.of("plots/residual-vs-sigma.png"), Claims::linearityOrders));
        return List.copyOf(c);
    }

    // ---- random networks ----

    private static Finding transitionsExponential(SubRun run) {
        Map<String, TreeMap<Integer, Double>> byConfig = perLayer(run.rows("mean_transitions"),
                r -> r.get("activation") + " k=" + r.get("width") + " sigma_w^2=" + r.get("weight_variance"));
        int pass = 0;
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        double worstR2 = 1;
        for (TreeMap<Integer, Double> series : byConfig.values()) {
            double[] d = series.keySet().stream().filter(l -> l >= 1).mapToDouble(Integer::doubleValue).toArray();
            double[] t = series.entrySet().stream().filter(e -> e.getKey() >= 1).mapToDouble(Map.Entry::getValue)
                    .toArray();
            Stats.Line fit = Stats.fit(d, Stats.log(t));
            double factor = Math.exp(fit.slope());
            lo = Math.min(lo, factor);
            hi = Math.max(hi, factor);
            worstR2 = Math.min(worstR2, Double.isNaN(fit.r2()) ? 0 : fit.r2());
            if (factor > 1 && fit.r2() >= 0.9) {
                pass++;
            }
        }
        if (byConfig.isEmpty()) {
            return Finding.notRun("no transition counts in the run");
        }
        return new Finding(String.format(Locale.ROOT, "transitions multiply by %.3f to %.3f per layer; log T linear "
                        + "in depth with R^2 >= %.3f; %d of %d configurations grow (factor > 1, R^2 >= 0.9)", lo, hi,
                worstR2, pass, byConfig.size()), Rule.allChecks(pass, byConfig.size()));
    }

    private static Finding transitionsProportional(SubRun run) {
        List<SubRun.Row> slopes = run.rows("transitions_vs_length_loglog_slope");
        if (slopes.isEmpty()) {
            return Finding.notRun("no slopes in the run");
        }
        double[] s = slopes.stream().mapToDouble(SubRun.Row::value).toArray();
        double worst = s[0];
        for (double v : s) {
            if (Math.abs(v - 1) > Math.abs(worst - 1)) {
                worst = v;
            }
        }
        return new Finding(String.format(Locale.ROOT, "slope of log T against log length %.3f to %.3f over %d "
                        + "configurations (1 = proportional)", min(s), max(s), s.length), Rule.proportional(worst));
    }

    private static Finding patternsBounded(SubRun run) {
        List<SubRun.Row> rows = run.rows("patterns", r -> !r.get("layer").isEmpty() && r.number("layer") >= 1);
        if (rows.isEmpty()) {
            return Finding.notRun("no activation-pattern counts in the run");
        }
        int pass = 0;
        double worstShare = 0;
        for (SubRun.Row r : rows) {
            int n = (int) r.number("layer");
            int k = (int) r.number("width");
            // The quarter circle lies in the 2-D plane spanned by its endpoints: patterns along it are at most the
            // patterns of that plane, Theorem 1's count with m = 2.
            BigInteger bound = RegionBounds.activationPatterns(Activation.parse(r.get("activation")), n, k, 2);
            double share = r.value() / bound.doubleValue();
            worstShare = Math.max(worstShare, share);
            if (BigInteger.valueOf((long) r.value()).compareTo(bound) <= 0) {
                pass++;
            }
        }
        return new Finding(String.format(Locale.ROOT, "%d of %d counts (every network, configuration and depth) at "
                        + "most Theorem 1's count for the circle's 2-D plane; the largest is %.3g of its bound", pass,
                rows.size(), worstShare), Rule.allChecks(pass, rows.size()));
    }

    private static Finding pictureGrows(SubRun run) {
        TreeMap<Integer, Double> length = perLayer(run.rows("length"), r -> "").getOrDefault("", new TreeMap<>());
        if (length.size() < 2) {
            return Finding.notRun("no lengths in the run");
        }
        int pass = 0;
        Double previous = null;
        for (double l : length.values()) {
            if (previous != null && l > previous) {
                pass++;
            }
            previous = l;
        }
        int layers = length.size() - 1;
        double first = length.firstEntry().getValue();
        double last = length.lastEntry().getValue();
        return new Finding(String.format(Locale.ROOT, "length %.3g at the input, %.3g after layer %d (x%.3f per "
                        + "layer); longer than the layer before at %d of %d layers", first, last,
                length.lastKey(), Math.pow(last / first, 1.0 / layers), pass, layers), Rule.allChecks(pass, layers));
    }

    /**
     * Spearman's rho of {@code parameter} against the growth per layer, within each group of configurations that
     * share the activation and {@code fixed} (groups of at least 3 configurations).
     */
    private static Finding growthRises(SubRun run, String part, String parameter, String fixed) {
        List<SubRun.Row> rows = run.rows("growth_per_layer", r -> r.get("part").equals(part)
                && r.get("network").equals("mean"));
        Map<String, List<SubRun.Row>> groups = rows.stream().collect(Collectors.groupingBy(
                r -> r.get("activation") + " " + fixed + "=" + r.get(fixed), LinkedHashMap::new, Collectors.toList()));
        groups.values().removeIf(g -> g.size() < 3);
        if (groups.isEmpty()) {
            return Finding.notRun("fewer than 3 values of " + parameter + " at any fixed " + fixed);
        }
        double smallest = Double.POSITIVE_INFINITY;
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, List<SubRun.Row>> g : groups.entrySet()) {
            List<SubRun.Row> sorted = g.getValue().stream()
                    .sorted(Comparator.comparingDouble(r -> r.number(parameter))).toList();
            double[] x = sorted.stream().mapToDouble(r -> r.number(parameter)).toArray();
            double[] y = sorted.stream().mapToDouble(SubRun.Row::value).toArray();
            double rho = RankCorrelation.spearman(x, y);
            smallest = Math.min(smallest, Double.isNaN(rho) ? -1 : rho);
            parts.add(String.format(Locale.ROOT, "%s: %.3f to %.3f (rho %.2f)", g.getKey().replace("weight_variance",
                    "sigma_w^2").replace("width", "k"), y[0], y[y.length - 1], rho));
        }
        return new Finding("growth per layer from the smallest to the largest " + parameter.replace(
                "weight_variance", "sigma_w^2").replace("width", "k") + ": " + String.join("; ", parts),
                Rule.risesWith(smallest));
    }

    private static Finding growthWithinBounds(SubRun run) {
        Map<String, Map<String, Double>> byConfig = new LinkedHashMap<>();
        for (SubRun.Row r : run.rows()) {
            if (!r.get("network").equals("mean")) {
                continue;
            }
            String m = r.metric();
            if (m.equals("growth_per_layer") || m.equals("growth_std_error") || m.equals("lower_bound_explicit")
                    || m.equals("upper_bound_explicit")) {
                byConfig.computeIfAbsent(r.get("part") + " " + r.get("activation") + " k=" + r.get("width")
                        + " sigma_w^2=" + r.get("weight_variance"), k -> new LinkedHashMap<>()).put(m, r.value());
            }
        }
        byConfig.values().removeIf(v -> !v.containsKey("growth_per_layer") || !v.containsKey("lower_bound_explicit")
                || !v.containsKey("upper_bound_explicit"));
        if (byConfig.isEmpty()) {
            return Finding.notRun("no growth with bounds in the run");
        }
        int pass = 0;
        List<String> outside = new ArrayList<>();
        for (Map.Entry<String, Map<String, Double>> e : byConfig.entrySet()) {
            Map<String, Double> v = e.getValue();
            if (Rule.withinBounds(v.get("growth_per_layer"), v.getOrDefault("growth_std_error", 0.0),
                    v.get("lower_bound_explicit"), v.get("upper_bound_explicit"))) {
                pass++;
            } else {
                outside.add(String.format(Locale.ROOT, "%s (%.3f, bounds %.3f-%.3f)", e.getKey(),
                        v.get("growth_per_layer"), v.get("lower_bound_explicit"), v.get("upper_bound_explicit")));
            }
        }
        return new Finding(String.format(Locale.ROOT, "%d of %d configurations (lengths and perturbations, relu and "
                        + "hard tanh) between the bounds%s", pass, byConfig.size(),
                outside.isEmpty() ? "" : "; outside: " + String.join(", ", outside)),
                Rule.allChecks(pass, byConfig.size()));
    }

    private static Finding dichotomiesRiseWithDepth(SubRun run) {
        List<SubRun.Row> rows = run.rows("mean_dichotomies", r -> r.get("part").equals("depth"));
        Map<String, List<SubRun.Row>> byWidth = rows.stream().collect(Collectors.groupingBy(r -> r.get("width"),
                TreeMap::new, Collectors.toList()));
        byWidth.values().removeIf(g -> g.size() < 3);
        if (byWidth.isEmpty()) {
            return Finding.notRun("fewer than 3 remaining depths in the run");
        }
        double smallest = Double.POSITIVE_INFINITY;
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, List<SubRun.Row>> g : byWidth.entrySet()) {
            List<SubRun.Row> sorted = g.getValue().stream()
                    .sorted(Comparator.comparingDouble(r -> r.number("remaining_depth"))).toList();
            double[] d = sorted.stream().mapToDouble(r -> r.number("remaining_depth")).toArray();
            double[] y = sorted.stream().mapToDouble(SubRun.Row::value).toArray();
            double rho = RankCorrelation.spearman(d, y);
            smallest = Math.min(smallest, Double.isNaN(rho) ? -1 : rho);
            parts.add(String.format(Locale.ROOT, "k = %s: %.0f at remaining depth %.0f, %.0f at %.0f (rho %.2f)",
                    g.getKey(), y[0], d[0], y[y.length - 1], d[d.length - 1], rho));
        }
        return new Finding(String.join("; ", parts), Rule.risesWith(smallest));
    }

    private static Finding dichotomiesRemainingDepthOnly(SubRun run) {
        List<SubRun.Row> rows = run.rows("mean_dichotomies", r -> r.get("part").equals("layer"));
        Map<String, List<SubRun.Row>> byRemaining = rows.stream().collect(Collectors.groupingBy(
                r -> r.get("remaining_depth"), TreeMap::new, Collectors.toList()));
        byRemaining.values().removeIf(g -> g.size() < 2);
        if (byRemaining.isEmpty()) {
            return Finding.notRun("no remaining depth swept at two layers");
        }
        int pass = 0;
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, List<SubRun.Row>> g : byRemaining.entrySet()) {
            double[] y = g.getValue().stream().mapToDouble(SubRun.Row::value).toArray();
            double spread = max(y) / min(y);
            if (spread <= Rule.Thresholds.SPREAD_FACTOR) {
                pass++;
            }
            parts.add(String.format(Locale.ROOT, "%s: %.0f-%.0f (x%.2f)", g.getKey(), min(y), max(y), spread));
        }
        return new Finding("range over swept layers, by remaining depth: " + String.join("; ", parts),
                Rule.allChecks(pass, byRemaining.size()));
    }

    private static Finding dichotomiesProportional(SubRun run) {
        Map<String, Map<String, Double>> points = new LinkedHashMap<>();
        for (SubRun.Row r : run.rows()) {
            if (r.get("part").equals("transitions") && r.get("network").equals("mean")
                    && (r.metric().equals("mean_dichotomies") || r.metric().equals("mean_label_flips"))) {
                points.computeIfAbsent(r.get("width") + "/" + r.get("swept_layer") + "/" + r.get("remaining_depth"),
                        k -> new LinkedHashMap<>()).put(r.metric(), r.value());
            }
        }
        List<double[]> xy = points.values().stream().filter(p -> p.size() == 2)
                .filter(p -> p.get("mean_dichotomies") < DICHOTOMY_CAP)
                .map(p -> new double[] {p.get("mean_label_flips"), p.get("mean_dichotomies")}).toList();
        if (xy.size() < 3) {
            return Finding.notRun("fewer than 3 points below the cap 2^s / 4");
        }
        double[] x = Stats.log(xy.stream().mapToDouble(p -> p[0]).toArray());
        double[] y = Stats.log(xy.stream().mapToDouble(p -> p[1]).toArray());
        Stats.Line fit = Stats.fit(x, y);
        return new Finding(String.format(Locale.ROOT, "log-log slope of dichotomies against label flips %.3f over "
                + "%d points below 2^s / 4 (R^2 %.3f)", fit.slope(), fit.points(), fit.r2()),
                Rule.proportional(fit.slope()));
    }

    // ---- trained networks ----

    @SuppressWarnings("unchecked")
    private static Finding noiseFallsWithDepth(SubRun run) {
        Object drops = run.result("accuracy_drop_at_0.25").orElse(null);
        if (!(drops instanceof Map<?, ?> map) || map.size() < 3) {
            return Finding.notRun("no drops at noise magnitude 0.25 (magnitude not in the run)");
        }
        List<String> layers = new ArrayList<>();
        double[] depth = new double[map.size()];
        double[] drop = new double[map.size()];
        int i = 0;
        for (Map.Entry<String, Object> e : ((Map<String, Object>) map).entrySet()) {
            layers.add(e.getKey());
            depth[i] = i;
            drop[i] = ((Number) e.getValue()).doubleValue();
            i++;
        }
        double rho = RankCorrelation.spearman(depth, drop);
        String fifth = layers.size() >= 5 ? String.format(Locale.ROOT, ", %s %.3f", layers.get(4), -drop[4]) : "";
        Object clean = run.result("clean_test_accuracy").orElse(Double.NaN);
        return new Finding(String.format(Locale.ROOT, "clean test accuracy %.4f; accuracy change at noise 0.25 "
                        + "(%s scale): %s %.3f%s, %s %.3f; Spearman's rho of depth against the drop %.2f",
                ((Number) clean).doubleValue(), run.result("noise_scale").orElse("?"), layers.get(0), -drop[0],
                fifth, layers.get(layers.size() - 1), -drop[drop.length - 1], rho), Rule.fallsWithDepth(rho));
    }

    @SuppressWarnings("unchecked")
    private static Finding oneLayerFalls(SubRun run) {
        Object rho = run.result("spearman_depth_test_accuracy").orElse(null);
        Object finals = run.result("final_accuracy").orElse(null);
        if (!(rho instanceof Number r) || !(finals instanceof Map<?, ?> map) || map.isEmpty()) {
            return Finding.notRun("no final accuracies in the run");
        }
        List<Map.Entry<String, Object>> entries = new ArrayList<>(((Map<String, Object>) map).entrySet());
        Map<String, Object> first = (Map<String, Object>) entries.get(0).getValue();
        Map<String, Object> last = (Map<String, Object>) entries.get(entries.size() - 1).getValue();
        return new Finding(String.format(Locale.ROOT, "final test accuracy training only %s: %.4f, only %s: %.4f; "
                        + "Spearman's rho of depth against test accuracy %.2f over %d layers", entries.get(0).getKey(),
                ((Number) first.get("test_accuracy")).doubleValue(), entries.get(entries.size() - 1).getKey(),
                ((Number) last.get("test_accuracy")).doubleValue(), r.doubleValue(), entries.size()),
                Rule.fallsWithDepth(r.doubleValue()));
    }

    /** Per layer of one variant: the metric at the first and the last step it was measured at. */
    private static Map<String, double[]> firstAndLast(SubRun run, String variant, String metric) {
        Map<String, TreeMap<Long, Double>> series = new LinkedHashMap<>();
        for (SubRun.Row r : run.rows(metric, r -> r.get("variant").equals(variant) && !r.get("layer").isEmpty())) {
            series.computeIfAbsent(r.get("layer"), k -> new TreeMap<>()).put(Long.parseLong(r.get("step")),
                    r.value());
        }
        Map<String, double[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, TreeMap<Long, Double>> e : series.entrySet()) {
            if (e.getValue().size() >= 2) {
                out.put(e.getKey(), new double[] {e.getValue().firstEntry().getValue(),
                        e.getValue().lastEntry().getValue(), e.getValue().firstKey(), e.getValue().lastKey()});
            }
        }
        return out;
    }

    private static Finding trainingLengthens(SubRun run) {
        Map<String, double[]> fl = firstAndLast(run, "none", "length");
        List<String> weighted = fl.keySet().stream().filter(l -> l.matches("c\\d+|fc\\d+")).toList();
        String lastFc = weighted.stream().filter(l -> l.startsWith("fc")).reduce((a, b) -> b).orElse(null);
        List<String> checked = weighted.stream().filter(l -> !l.equals(lastFc)).toList();
        if (checked.isEmpty()) {
            return Finding.notRun("no variant without normalization, or fewer than two probes");
        }
        int pass = 0;
        List<String> parts = new ArrayList<>();
        for (String l : checked) {
            double ratio = fl.get(l)[1] / fl.get(l)[0];
            pass += ratio > 1 ? 1 : 0;
            parts.add(String.format(Locale.ROOT, "%s x%.3g", l, ratio));
        }
        double[] any = fl.get(checked.get(0));
        return new Finding(String.format(Locale.ROOT, "length at step %.0f / at step %.0f: %s; longer at %d of %d "
                + "layers", any[3], any[2], String.join(", ", parts), pass, checked.size()),
                Rule.allChecks(pass, checked.size()));
    }

    private static Finding trainingScalesWeights(SubRun run) {
        Map<String, double[]> fl = firstAndLast(run, "none", "sigma_w2");
        if (fl.isEmpty()) {
            return Finding.notRun("no variant without normalization, or fewer than two probes");
        }
        int pass = 0;
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, double[]> e : fl.entrySet()) {
            double[] v = e.getValue();
            pass += v[1] > v[0] ? 1 : 0;
            parts.add(String.format(Locale.ROOT, "%s %.3g -> %.3g", e.getKey(), v[0], v[1]));
        }
        return new Finding(String.join(", ", parts) + String.format(Locale.ROOT, "; larger at %d of %d layers", pass,
                fl.size()), Rule.allChecks(pass, fl.size()));
    }

    private static Finding batchNormShrinks(SubRun run) {
        Map<String, double[]> fl = firstAndLast(run, "batchnorm", "growth");
        List<String> bn = fl.keySet().stream().filter(l -> l.startsWith("bn")).toList();
        if (bn.isEmpty()) {
            return Finding.notRun("no batch-norm variant, or fewer than two probes");
        }
        int pass = 0;
        List<String> parts = new ArrayList<>();
        for (String l : bn) {
            double g = fl.get(l)[1];
            pass += g < 1 ? 1 : 0;
            parts.add(String.format(Locale.ROOT, "%s %.3g", l, g));
        }
        return new Finding(String.format(Locale.ROOT, "growth (out / in length) at step %.0f: %s; below 1 at %d of "
                + "%d", fl.get(bn.get(0))[3], String.join(", ", parts), pass, bn.size()), Rule.allChecks(pass,
                bn.size()));
    }

    @SuppressWarnings("unchecked")
    private static Finding compareVariants(SubRun run, String a, String b, boolean same) {
        Map<String, Object> results = run.manifest().results();
        if (!(results.get(a) instanceof Map<?, ?> ra) || !(results.get(b) instanceof Map<?, ?> rb)
                || !(ra.get("final_test_accuracy") instanceof Number fa)
                || !(rb.get("final_test_accuracy") instanceof Number fb)) {
            return Finding.notRun("variant " + (results.get(a) == null ? a : b) + " not trained in this profile");
        }
        int n = testExamples(run);
        double x = fa.doubleValue();
        double y = fb.doubleValue();
        double se = Rule.differenceError(x, y, n);
        Verdict v = same ? Rule.same(x, y, n) : Rule.better(x, y, n);
        return new Finding(String.format(Locale.ROOT, "%s %.4f, %s %.4f final test accuracy (difference %+.4f, "
                + "standard error %.4f on %d test images)", a, x, b, y, x - y, se, n), v);
    }

    /**
     * The number of test images a run measured accuracy on: {@code test_examples} of its settings.json (what the
     * profile or --test-examples chose; 0 means the whole CIFAR-10 test set, 10,000).
     */
    static int testExamples(SubRun run) {
        int n = run.setting("test_examples").filter(Number.class::isInstance).map(v -> ((Number) v).intValue())
                .orElseThrow(() -> new IllegalStateException(run.folder() + "/settings.json names no test_examples"));
        return n > 0 ? n : 10_000;
    }

    // ---- side results ----

    @SuppressWarnings("unchecked")
    private static Finding bnGradient(SubRun run) {
        Object g = run.result("gradient_at_w_star").orElse(null);
        if (!(g instanceof List<?> list) || list.size() != 2) {
            return Finding.notRun("no gradient in the run");
        }
        double g1 = ((Number) list.get(0)).doubleValue();
        double g2 = ((Number) list.get(1)).doubleValue();
        Verdict v1 = Rule.printedValue(g1, -0.34, 2);
        Verdict v2 = Rule.printedValue(g2, 0.11, 2);
        Verdict v = v1.ordinal() >= v2.ordinal() ? v1 : v2;
        return new Finding(String.format(Locale.ROOT, "(%.6f, %.6f)", g1, g2), v);
    }

    @SuppressWarnings("unchecked")
    private static Finding lemmaFails(SubRun run) {
        Object l = run.result("lemma_4_5_at_w_star").orElse(null);
        if (!(l instanceof Map<?, ?> m) || !(m.get("lhs") instanceof Number lhs)
                || !(m.get("rhs") instanceof Number rhs)) {
            return Finding.notRun("no lemma evaluation in the run");
        }
        boolean fails = lhs.doubleValue() > rhs.doubleValue();
        return new Finding(String.format(Locale.ROOT, "left side %.6g, right side %.6g: the inequality %s", lhs
                .doubleValue(), rhs.doubleValue(), fails ? "fails" : "holds"), Rule.allChecks(fails ? 1 : 0, 1));
    }

    @SuppressWarnings("unchecked")
    private static Finding linearityOrders(SubRun run) {
        Object s = run.result("sigmas").orElse(null);
        Object r = run.result("last_layer_residuals").orElse(null);
        if (!(s instanceof List<?> sigmas) || !(r instanceof Map<?, ?> residuals) || sigmas.size() < 2) {
            return Finding.notRun("no residuals in the run");
        }
        int n = sigmas.size();
        double s1 = ((Number) sigmas.get(n - 2)).doubleValue();
        double s2 = ((Number) sigmas.get(n - 1)).doubleValue();
        Map<String, Double> expected = Map.of("tanh", 2.0, "sigmoid", 1.0, "relu", 0.0);
        int pass = 0;
        int total = 0;
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, Object> e : ((Map<String, Object>) residuals).entrySet()) {
            String name = e.getKey();
            String activation = name.split(" ")[0];
            if (!expected.containsKey(activation) || !name.contains("sigma_b^2 = 0)")) {
                continue;
            }
            List<Number> values = (List<Number>) e.getValue();
            double slope = Math.log(values.get(n - 2).doubleValue() / values.get(n - 1).doubleValue())
                    / Math.log(s1 / s2);
            total++;
            if (Math.abs(slope - expected.get(activation)) <= Rule.Thresholds.SLOPE_TOLERANCE) {
                pass++;
            }
            parts.add(String.format(Locale.ROOT, "%s %.3f (expected %.0f)", name, slope, expected.get(activation)));
        }
        if (total == 0) {
            return Finding.notRun("no tanh, sigmoid or relu network without biases in the run");
        }
        return new Finding(String.format(Locale.ROOT, "log-log slope of the residual between sigma = %s and %s: %s",
                s1, s2, String.join("; ", parts)), Rule.allChecks(pass, total));
    }

    // ---- helpers ----

    /** Mean over rows per (group, layer), for rows with a numeric layer column. */
    private static Map<String, TreeMap<Integer, Double>> perLayer(List<SubRun.Row> rows,
                                                                  Function<SubRun.Row, String> group) {
        Map<String, TreeMap<Integer, double[]>> sums = new LinkedHashMap<>();
        for (SubRun.Row r : rows) {
            String layer = r.get("layer");
            if (layer.isEmpty() || !layer.chars().allMatch(Character::isDigit)) {
                continue;
            }
            double[] acc = sums.computeIfAbsent(group.apply(r), k -> new TreeMap<>())
                    .computeIfAbsent(Integer.parseInt(layer), k -> new double[2]);
            acc[0] += r.value();
            acc[1]++;
        }
        Map<String, TreeMap<Integer, Double>> out = new LinkedHashMap<>();
        sums.forEach((g, m) -> {
            TreeMap<Integer, Double> means = new TreeMap<>();
            m.forEach((l, acc) -> means.put(l, acc[0] / acc[1]));
            out.put(g, means);
        });
        return out;
    }

    private static double min(double[] v) {
        double m = Double.POSITIVE_INFINITY;
        for (double x : v) {
            m = Math.min(m, x);
        }
        return m;
    }

    private static double max(double[] v) {
        double m = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            m = Math.max(m, x);
        }
        return m;
    }
}
