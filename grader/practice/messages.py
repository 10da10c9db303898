"""Every sentence the practice commands show a person, in English and in Chinese.

`MESSAGES` maps a message id to its texts, `{"en": ..., "zh": ...}`, with the same
`str.format` fields in both languages. `message(id, lang, **fields)` gives one text;
`bilingual(id, **fields)` gives both, for code that reads texts through a translator
(`t(obj) == getattr(obj, lang)`) the way it reads the banks' texts. The keys a person
types (h, s, q, 1–4, letters) are the same in both languages.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["LANGS", "MESSAGES", "Bilingual", "message", "bilingual"]

LANGS = ("en", "zh")

#: how a list field (letters, reasons) is joined in each language
_LIST_SEP = {"en": ", ", "zh": "、"}

MESSAGES: dict[str, dict[str, str]] = {
    # ---------------------------------------------------------------- one question
    "question.header": {
        "en": "[{n}/{total}] {topic} · {kind} · difficulty {difficulty} · {state}",
        "zh": "[{n}/{total}] {topic} · {kind} · 难度 {difficulty} · {state}"},
    "kind.code": {"en": "code", "zh": "编程题"},  # question kinds name themselves: Kind.title
    "state.new": {"en": "new", "zh": "新题"},
    "state.review": {"en": "review", "zh": "复习"},
    "state.cram": {"en": "cram", "zh": "突击"},
    "question.format": {"en": "({hint}; {keys})", "zh": "{hint}；{keys}"},
    "keys.with_hint": {"en": "h hint, s skip, q quit", "zh": "h 提示，s 跳过，q 退出"},
    "keys.without_hint": {"en": "s skip, q quit", "zh": "s 跳过，q 退出"},
    "question.skipped": {"en": "Skipped.", "zh": "已跳过。"},
    "question.no_more_hints": {"en": "No more hints for this question.", "zh": "这道题没有更多提示了。"},
    "question.rate": {"en": "How did you do? 1 again, 2 hard, 3 good, 4 easy:",
                      "zh": "自评：1 重来，2 困难，3 良好，4 简单"},
    "verdict.right": {"en": "✔ Right.", "zh": "✔ 答对了。"},
    "verdict.wrong": {"en": "✘ Not quite. The answer is {answer}.", "zh": "✘ 答错了。正确答案：{answer}"},
    # ---------------------------------------------------------------- what to type (kinds)
    "format.mcq": {"en": "one letter", "zh": "一个字母"},
    "format.multi": {"en": "letters, e.g. a,c", "zh": "一个或几个字母，如 a,c"},
    "format.true_false": {"en": "t or f", "zh": "t（对）或 f（错）"},
    "format.short": {"en": "your answer in a sentence or two (or just Enter to see the model answer)",
                     "zh": "用一两句话作答（直接按回车可看参考答案）"},
    "format.spot_the_bug": {"en": "the line number, then your fix (e.g. 6: ...)",
                            "zh": "行号，再写出改法（如 6: ...）"},
    "format.unit": {"en": ", in {unit}", "zh": "，单位：{unit}"},
    # ---------------------------------------------------------------- answers and feedback (kinds)
    "answer.true": {"en": "true", "zh": "对"},
    "answer.false": {"en": "false", "zh": "错"},
    "answer.bug_line": {"en": "line {line}: {fixed}", "zh": "第 {line} 行改为 {fixed}"},
    "feedback.chosen": {"en": "  {letter}) you chose this: {why}", "zh": "  {letter}) 你选了这一项：{why}"},
    "feedback.missed": {"en": "  {letter}) you missed this: {why}", "zh": "  {letter}) 你漏选了这一项：{why}"},
    "feedback.model_answer": {"en": "Model answer:", "zh": "参考答案："},
    "feedback.key_points": {"en": "Key points:", "zh": "要点："},
    "feedback.bug_fix": {"en": "  line {line} should read:  {fixed}", "zh": "  第 {line} 行应改为：  {fixed}"},
    # ---------------------------------------------------------------- answers that cannot be read
    "invalid.empty": {"en": "empty answer", "zh": "答案是空的"},
    "invalid.number": {"en": "{answer} is not a number (type e.g. 0.25, 1/4 or 2.5e-1)",
                       "zh": "{answer} 不是有效的数字（可以输入 0.25、1/4 或 2.5e-1 这样的形式）"},
    "invalid.no_letter": {"en": "type one of {letters}", "zh": "请输入其中一个字母：{letters}"},
    "invalid.words": {"en": "type the letter of your choice ({letters}); several letters for several "
                            "choices, e.g. a,c",
                      "zh": "请输入所选项的字母（{letters}）；选多项就输入多个字母，如 a,c"},
    "invalid.not_an_option": {"en": "{bad} is not an option (options: {letters})",
                              "zh": "没有 {bad} 这个选项（可选：{letters}）"},
    "invalid.one_letter": {"en": "choose exactly one letter", "zh": "只能选一个字母"},
    "invalid.true_false": {"en": "type t (true) or f (false)", "zh": "请输入 t（对）或 f（错）"},
    "invalid.bug_line": {"en": "type the line number, optionally followed by your fix (e.g. `6: use a mask`)",
                         "zh": "请输入行号，后面可以接上改法（如 `6: 加上掩码`）"},
    "invalid.rating": {"en": "rate yourself: 1 again, 2 hard, 3 good, 4 easy",
                       "zh": "请自评：1 重来，2 困难，3 良好，4 简单"},
    # ---------------------------------------------------------------- coding tasks in a session
    "task.offer": {"en": "Write a starter file {path}? [y/N/q]", "zh": "要生成起始文件 {path} 吗？[y/N/q]"},
    "task.exists": {"en": "{path} exists already; grade it with: quiz grade {path}",
                    "zh": "{path} 已经存在；评分命令：quiz grade {path}"},
    "task.wrote": {"en": "Wrote {path}. When it is done: quiz grade {path} — that counts as this task's attempt.",
                   "zh": "已生成 {path}。写完后运行 quiz grade {path}，这会计为本题的一次作答。"},
    # ---------------------------------------------------------------- nothing to ask
    "empty.no_match": {"en": "No items match these filters.", "zh": "没有符合这些筛选条件的题目。"},
    "empty.new_cap": {"en": "the daily limit of {limit} new items is reached ({unseen} unseen items match): "
                            "raise it with --new-per-day {more}",
                      "zh": "今天的新题上限（{limit} 道）已经用完，另有 {unseen} 道没做过的题目符合条件；"
                            "可以用 --new-per-day {more} 提高上限"},
    "empty.review_cap": {"en": "the daily limit of {limit} reviews is reached ({due} due): "
                               "raise it with --reviews-per-day {more}",
                         "zh": "今天的复习上限（{limit} 次）已经用完，还有 {due} 道题到期；"
                               "可以用 --reviews-per-day {more} 提高上限"},
    "empty.capped": {"en": "Nothing more today: {reasons}. Or drill without scheduling: --cram.",
                     "zh": "今天没有更多题目了：{reasons}。也可以用 --cram 直接练习，不影响复习安排。"},
    "empty.reason_sep": {"en": "; ", "zh": "；"},
    "empty.all_seen": {"en": "Nothing is due and every matching item has been seen.{next_review} "
                             "To drill anyway: --cram.",
                       "zh": "现在没有到期的题目，符合条件的题目也都做过了。{next_review}"
                             "仍想练习的话：--cram。"},
    "empty.next_review": {"en": " The next review is due {when} UTC.", "zh": "下次复习时间：{when} UTC。"},
    # ---------------------------------------------------------------- the end of a session
    "summary.result": {"en": "Session {outcome}: {correct}/{answered} right{skipped}.",
                       "zh": "本次练习{outcome}：答对 {correct}/{answered}{skipped}。"},
    "summary.done": {"en": "done", "zh": "完成"},
    "summary.ended_early": {"en": "ended early", "zh": "提前结束"},
    "summary.skipped": {"en": ", {skipped} skipped", "zh": "，跳过 {skipped} 题"},
    "summary.due": {"en": "Due now: {due_now}; due within 7 days: {due_week}; next review: {when}.",
                    "zh": "现在到期：{due_now} 道；7 天内到期：{due_week} 道；下次复习：{when}。"},
    # ---------------------------------------------------------------- quiz stats
    "stats.empty": {"en": "No progress yet (kept in {where}). Start with `quiz practice` (or `quiz "
                          "practice --topic cnn`), or grade a coding task: `quiz start sigmoid`, then "
                          "`quiz grade sigmoid.py`.",
                    "zh": "还没有练习记录（保存在 {where}）。可以从 `quiz practice`（或 `quiz practice "
                          "--topic cnn`）开始，或者做一道编程题：先 `quiz start sigmoid`，再 `quiz grade "
                          "sigmoid.py`。"},
    "stats.col.topic": {"en": "topic", "zh": "主题"},
    "stats.col.answered": {"en": "answered", "zh": "已答"},
    "stats.col.accuracy": {"en": "accuracy", "zh": "正确率"},
    "stats.col.retention": {"en": "retention", "zh": "记忆保持"},
    "stats.col.due_now": {"en": "due now", "zh": "现在到期"},
    "stats.col.due_week": {"en": "due 7d", "zh": "7 天内到期"},
    "stats.weakest": {"en": "weakest: {items}", "zh": "最薄弱：{items}"},
    "stats.weak_item": {"en": "{id} ({wrong}/{reviews} wrong)", "zh": "{id}（{reviews} 次中错 {wrong} 次）"},
    "stats.solved": {"en": "coding tasks solved: {solved}/{total}", "zh": "已通过的编程题：{solved}/{total}"},
    "stats.solved_list": {"en": "coding tasks solved: {solved}/{total}: {items}",
                          "zh": "已通过的编程题：{solved}/{total}：{items}"},
    "stats.attempts": {"en": "{task} ({n} attempts)", "zh": "{task}（{n} 次提交）"},
    "stats.attempt": {"en": "{task} (1 attempt)", "zh": "{task}（1 次提交）"},
    "stats.not_solved": {"en": "not solved yet: {items}", "zh": "尚未通过：{items}"},
    "stats.streak": {"en": "streak: {days} day(s)", "zh": "连续练习：{days} 天"},
    # ---------------------------------------------------------------- quiz tasks / start / hint
    "status.passed": {"en": "passed", "zh": "已通过"},
    "status.attempted": {"en": "attempted", "zh": "未通过"},
    "status.new": {"en": "new", "zh": "未开始"},
    "hint.label": {"en": "hint {level}/{levels}:", "zh": "提示 {level}/{levels}："},
    "starter.grade": {"en": "Grade it with:  quiz grade <this file> --task {task}",
                      "zh": "评分命令：quiz grade <本文件> --task {task}"},
    "start.wrote": {"en": "wrote {path}; grade it with: quiz grade {path}",
                    "zh": "已生成 {path}；评分命令：quiz grade {path}"},
    # ---------------------------------------------------------------- schedule settings (issue 14)
    "retention.set": {"en": "desired retention set to {retention:.0%}: later intervals aim for it",
                      "zh": "期望记忆保持率已设为 {retention:.0%}：之后的复习间隔以此为目标"},
    "optimize.too_few": {
        "en": "not enough reviews to fit your schedule yet: {have} of the {needed} it needs (reviews a day "
              "or more after the card's previous one); nothing changed",
        "zh": "复习记录还不够，暂时无法拟合你的复习计划：需要 {needed} 次（距同一题上次复习至少一天的复习），"
              "目前只有 {have} 次；未做任何更改"},
    "optimize.done": {
        "en": "fitted FSRS parameters to your {reviews} reviews ({countable} of them a day or more after the "
              "card's previous one); every later schedule uses them",
        "zh": "已用你的 {reviews} 次复习（其中 {countable} 次距同一题上次复习至少一天）拟合 FSRS 参数；"
              "之后的复习计划都将使用这些参数"},
    "optimize.loss": {"en": "log loss of predicted recall on those reviews: {before:.4f} before, {after:.4f} "
                            "fitted (lower is better)",
                      "zh": "在这些复习上预测回忆的对数损失：拟合前 {before:.4f}，拟合后 {after:.4f}（越低越好）"},
    "optimize.intervals": {"en": "intervals of typical cards at desired retention {retention:.0%}, before → fitted:",
                           "zh": "典型卡片在期望保持率 {retention:.0%} 下的复习间隔，拟合前 → 拟合后："},
    "optimize.card_line": {"en": "  {card}: {before} → {after}", "zh": "  {card}：{before} → {after}"},
    "optimize.card.right": {"en": "right every time", "zh": "每次都答对"},
    "optimize.card.wrong_first": {"en": "wrong at first, then right", "zh": "第一次答错，之后都答对"},
    "optimize.card.lapse": {"en": "right three times, forgotten, then right", "zh": "答对三次后遗忘一次，之后答对"},
    "optimal_retention.too_few": {
        "en": "not enough reviews to find your optimal retention yet: {have} of the {needed} it needs; nothing changed",
        "zh": "复习记录还不够，暂时无法计算你的最佳保持率：需要 {needed} 次，目前只有 {have} 次；未做任何更改"},
    "optimal_retention.done": {
        "en": "desired retention set to {retention:.0%}: of 70%–95%, the one that costs the least time per card "
              "remembered in fsrs's simulation of your {reviews} reviews' ratings and times",
        "zh": "期望记忆保持率已设为 {retention:.0%}：按你 {reviews} 次复习的评分与用时模拟，在 70%–95% 中"
              "它让每记住一张卡片花的时间最少"},
    "interval.minutes": {"en": "{n}m", "zh": "{n} 分钟"},
    "interval.hours": {"en": "{n}h", "zh": "{n} 小时"},
    "interval.days": {"en": "{n}d", "zh": "{n} 天"},
    # ---------------------------------------------------------------- spot_the_bug: running a typed fix
    "bugfix.works": {"en": "your fix works: the check passes", "zh": "你的改法可行：检查通过"},
    "bugfix.fails": {"en": "your fix does not work: {why}", "zh": "你的改法不行：{why}"},
    "bugfix.right_line": {"en": "line {line} is the right line, but a fix that fails the check counts as a "
                                "wrong answer",
                          "zh": "第 {line} 行找对了，但改法没有通过检查，所以这题算答错"},
    "bugfix.not_code": {"en": "your fix was not run: it is not a line of Python ({why}); graded on the "
                              "line number only",
                        "zh": "你的改法没有运行：它不是一行 Python 代码（{why}）；只按行号评分"},
    "bugfix.not_run": {"en": "your fix could not be run ({why}); graded on the line number only",
                       "zh": "你的改法无法运行（{why}）；只按行号评分"},
    "bugfix.nudge": {"en": "tip: type the corrected line after the number (e.g. {line}: ...) and it is run "
                           "against a check",
                     "zh": "提示：在行号后面写出改正后的那一行（如 {line}: ...），就会运行检查来验证它"},
}


@dataclass(frozen=True)
class Bilingual:
    """One message in both languages, read like a bank's text: `getattr(obj, lang)`."""

    en: str
    zh: str


def message(msg_id: str, lang: str, **fields: Any) -> str:
    """The message `msg_id` in `lang`, its fields filled in (lists joined the language's way).

    Raises:
        KeyError: for an unknown message id or language.
    """
    sep = _LIST_SEP[lang]
    values = {k: sep.join(map(str, v)) if isinstance(v, (list, tuple)) else v for k, v in fields.items()}
    return MESSAGES[msg_id][lang].format(**values)


def bilingual(msg_id: str, **fields: Any) -> Bilingual:
    """The message `msg_id` in both languages, its fields filled in."""
    return Bilingual(**{lang: message(msg_id, lang, **fields) for lang in LANGS})
