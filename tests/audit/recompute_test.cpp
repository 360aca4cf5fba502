// recompute(): the contract's formulas, each worked out by hand.
#include "audit/recompute.h"

#include <gtest/gtest.h>

namespace {

using jx::audit::Budget;
using jx::audit::Indicator;
using jx::audit::Report;
using jx::rules::Quantity;
using jx::rules::Target;

Indicator quantitative(const std::string& op, double target, std::optional<double> actual, double weight,
                       std::optional<double> self = std::nullopt) {
  Indicator ind;
  ind.name = "指标";
  ind.target = Target{op, target, "个"};
  if (actual) ind.actual = Quantity{*actual, "个"};
  ind.weight = weight;
  ind.self_score = self;
  return ind;
}

double score_of(Indicator ind) {
  Report r;
  r.indicators.push_back(std::move(ind));
  jx::audit::recompute(r, jx::rules::RuleSet{});
  EXPECT_TRUE(r.indicators[0].recomputed_score.has_value());
  return r.indicators[0].recomputed_score.value_or(-1);
}

TEST(Recompute, AtLeastMetEarnsTheWeightCapped) {
  EXPECT_DOUBLE_EQ(score_of(quantitative(">=", 30, 36, 12)), 12);  // 120 %: capped at the weight
  EXPECT_DOUBLE_EQ(score_of(quantitative(">=", 30, 30, 12)), 12);
}

TEST(Recompute, AtLeastShortEarnsTheRatio) {
  EXPECT_DOUBLE_EQ(score_of(quantitative(">=", 30, 24, 10)), 8);       // 10 × 24/30
  EXPECT_DOUBLE_EQ(score_of(quantitative(">=", 3, 1, 10)), 3.33);      // 3.333… → 3.33
  EXPECT_DOUBLE_EQ(score_of(quantitative(">=", 3, 2, 10)), 6.67);      // 6.666… → 6.67
  EXPECT_DOUBLE_EQ(score_of(quantitative(">=", 99.5, 90, 10)), 9.05);  // 9.0452… → 9.05
}

TEST(Recompute, EqualsScoresLikeAtLeast) {
  EXPECT_DOUBLE_EQ(score_of(quantitative("=", 50, 40, 10)), 8);
  EXPECT_DOUBLE_EQ(score_of(quantitative("=", 50, 60, 10)), 10);
}

TEST(Recompute, AtMostUsesTargetOverActual) {
  EXPECT_DOUBLE_EQ(score_of(quantitative("<=", 2, 2, 10)), 10);
  EXPECT_DOUBLE_EQ(score_of(quantitative("<=", 2, 1, 10)), 10);    // better than allowed: still capped
  EXPECT_DOUBLE_EQ(score_of(quantitative("<=", 2, 3, 10)), 6.67);  // 10 × 2/3
  EXPECT_DOUBLE_EQ(score_of(quantitative("<=", 5, 8, 10)), 6.25);  // 10 × 5/8
}

TEST(Recompute, ZeroTargetHasNoRatio) {
  EXPECT_DOUBLE_EQ(score_of(quantitative("<=", 0, 0, 10)), 10);
  EXPECT_DOUBLE_EQ(score_of(quantitative("<=", 0, 1, 10)), 0);
  EXPECT_DOUBLE_EQ(score_of(quantitative(">=", 0, 0, 10)), 10);
  EXPECT_DOUBLE_EQ(score_of(quantitative(">=", 0, 5, 10)), 10);
}

TEST(Recompute, NegativeActualNeverScoresBelowZero) { EXPECT_DOUBLE_EQ(score_of(quantitative(">=", 10, -5, 10)), 0); }

TEST(Recompute, QualitativeKeepsItsSelfScore) {
  Indicator ind;
  ind.target_text = "有效提升";
  ind.weight = 10;
  ind.self_score = 9.5;
  EXPECT_DOUBLE_EQ(score_of(ind), 9.5);

  Report r;
  Indicator none;
  none.weight = 10;  // no self score either
  r.indicators.push_back(none);
  jx::audit::recompute(r, jx::rules::RuleSet{});
  EXPECT_FALSE(r.indicators[0].recomputed_score.has_value());
}

TEST(Recompute, MissingActualKeepsTheSelfScore) {
  EXPECT_DOUBLE_EQ(score_of(quantitative(">=", 30, std::nullopt, 12, 11)), 11);
}

TEST(Recompute, ExpectedBudgetScore) {
  Budget b;
  b.weight = 10;
  b.annual_budget = 1000;
  b.executed = 900;
  EXPECT_DOUBLE_EQ(jx::audit::expected_budget_score(b).value(), 9);
  b.executed = 1100;  // over the adjusted budget: rate capped at 1
  EXPECT_DOUBLE_EQ(jx::audit::expected_budget_score(b).value(), 10);
  b.executed = 978;
  EXPECT_DOUBLE_EQ(jx::audit::expected_budget_score(b).value(), 9.78);
  b.initial_budget = 2000;  // 年初 does not matter
  EXPECT_DOUBLE_EQ(jx::audit::expected_budget_score(b).value(), 9.78);
  b.annual_budget = 0;
  EXPECT_FALSE(jx::audit::expected_budget_score(b).has_value());
  b.annual_budget = 1000;
  b.weight.reset();
  EXPECT_FALSE(jx::audit::expected_budget_score(b).has_value());
}

TEST(Recompute, TotalIsBudgetScorePlusRecomputedScores) {
  Report r;
  r.budget.weight = 10;
  r.budget.annual_budget = 1000;
  r.budget.executed = 900;
  r.budget.score = 10;                                         // stated, wrong: the total uses the expected 9
  r.indicators.push_back(quantitative(">=", 30, 24, 10, 10));  // 8
  Indicator q;
  q.weight = 20;
  q.self_score = 18;  // qualitative: 18
  r.indicators.push_back(q);
  r.indicators.push_back(quantitative("<=", 2, 3, 10, 10));  // 6.67
  jx::audit::recompute(r, jx::rules::RuleSet{});
  EXPECT_DOUBLE_EQ(r.total_score.recomputed.value(), 41.67);  // 9 + 8 + 18 + 6.67
}

TEST(Recompute, TotalFallsBackToTheStatedBudgetScore) {
  Report r;
  r.budget.score = 7;  // no amounts to recompute it from
  r.indicators.push_back(quantitative(">=", 10, 10, 90, 90));
  jx::audit::recompute(r, jx::rules::RuleSet{});
  EXPECT_DOUBLE_EQ(r.total_score.recomputed.value(), 97);
}

TEST(Recompute, Round2IsHalfAwayFromZero) {
  EXPECT_DOUBLE_EQ(jx::audit::round2(1.005), 1.01);
  EXPECT_DOUBLE_EQ(jx::audit::round2(2.675), 2.68);
  EXPECT_DOUBLE_EQ(jx::audit::round2(0.125), 0.13);
  EXPECT_DOUBLE_EQ(jx::audit::round2(-1.005), -1.01);
  EXPECT_DOUBLE_EQ(jx::audit::round2(3.14159), 3.14);
  EXPECT_DOUBLE_EQ(jx::audit::round2(12), 12);
}

}  // namespace
