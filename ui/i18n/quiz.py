"""UI strings of the lab's quiz section (app_pages/lab/quiz.py)."""

STRINGS: dict[str, dict[str, str]] = {
    "lab.section.quiz": {"ko": "퀴즈", "en": "Quiz"},
    "lab.quiz.new": {"ko": "새 문제", "en": "New round"},
    # the seed of a round: not a question's number (the questions are numbered 1–6)
    "lab.quiz.seed": {
        "ko": "문제 세트 번호 (같은 번호면 같은 문제)",
        "en": "Round number (same number, same questions)",
    },
    "lab.quiz.seed_help": {
        "ko": "문제 하나의 번호가 아니라 문제 세트 전체의 번호입니다. 세트 번호와 난이도가 같으면 누구에게나 같은 문제가 나오니, 반 전체가 같은 문제를 풀려면 이 번호를 알려 주거나 아래 링크를 나눠 주세요. 「{new}」 버튼을 누르면 다른 번호의 새 세트가 나옵니다.",
        "en": "Not a question's number: it picks the whole round. The same round number and level give everyone the same questions, so to give the whole class the same round, tell them this number or hand out the link below. The “{new}” button picks another number and a fresh round.",
    },
    "lab.quiz.unread": {
        "ko": "이 링크의 문제 세트 번호를 읽을 수 없어 무작위로 {code}번 세트가 나왔습니다. 이 링크로 들어온 학생마다 다른 문제를 받게 되니, 반 전체가 같은 문제를 풀려면 세트 번호가 제대로 든 링크(아래의 링크 공유)를 나눠 주세요.",
        "en": "This link's round number could not be read, so a random round, {code}, was picked: every student who opens this link gets a different round. For the whole class to get the same questions, hand out a link with a readable round number (the shared link below).",
    },
    "lab.quiz.level": {"ko": "난이도", "en": "Level"},
    "lab.quiz.level.easy": {"ko": "쉬움", "en": "Easy"},
    "lab.quiz.level.medium": {"ko": "보통", "en": "Medium"},
    "lab.quiz.level.hard": {"ko": "어려움", "en": "Hard"},
    "lab.quiz.private": {
        "ko": "답과 점수는 이 브라우저 창에만 있고 어디에도 저장되지 않습니다.",
        "en": "Answers and the score stay in this browser tab; nothing is stored anywhere.",
    },
    "lab.quiz.score": {
        "ko": "점수: **{right}** / {answered} (전체 {total}문제)",
        "en": "Score: **{right}** of {answered} answered ({total} questions)",
    },
    "lab.quiz.answer": {"ko": "답", "en": "Answer"},
    "lab.quiz.shape_hint": {"ko": "예: 14x14x32", "en": "e.g. 14x14x32"},
    "lab.quiz.check": {"ko": "채점하기", "en": "Check"},
    "lab.quiz.right": {"ko": "맞았습니다!", "en": "Right!"},
    "lab.quiz.wrong": {
        "ko": "틀렸습니다. 정답: **{answer}**. 아래 풀이를 보세요.",
        "en": "Not quite: the answer is **{answer}**. The worked solution is below.",
    },
    "lab.quiz.solution": {"ko": "풀이", "en": "Worked solution"},
    "lab.quiz.error.blank": {
        "ko": "답이 비어 있습니다. 숫자를 넣어 주세요.",
        "en": "The answer is empty. Please type a number.",
    },
    "lab.quiz.error.no_choice": {
        "ko": "아직 고른 답이 없습니다. 하나를 고른 뒤 확인하세요.",
        "en": "No answer chosen yet. Pick one, then check.",
    },
    "lab.quiz.error.blank_shape": {
        "ko": "답이 비어 있습니다. 14x14x32처럼 모양을 숫자와 x로 이어 쓰세요.",
        "en": "The answer is empty. Please type a shape: numbers joined by x, like 14x14x32.",
    },
    "lab.quiz.error.comma": {
        "ko": "“{value}”: 소수점은 쉼표가 아니라 점(.)으로 쓰세요 (예: 1.5). 쉼표는 1,024처럼 세 자리마다 끊을 때만 쓸 수 있습니다.",
        "en": "“{value}”: write decimals with a point, like 1.5. A comma may only group thousands, like 1,024.",
    },
    "lab.quiz.error.not_number": {
        "ko": "“{value}”: 숫자가 아닙니다.",
        "en": "“{value}” is not a number.",
    },
    "lab.quiz.error.korean_mode": {
        "ko": "“{value}”: 읽을 수 없습니다. 한글 자모(ㄱ, ㅌ 같은)가 섞여 있어 자판이 한글 입력 상태인 것 같습니다. 한/영 키로 영문(반각) 입력으로 바꾼 뒤 다시 입력하세요.",
        "en": "“{value}” cannot be read: it holds a Korean letter (ㄱ, ㅌ …), so the keyboard is probably in Korean mode. Switch the keyboard to English (half-width) input and type it again.",
    },
    "lab.quiz.error.too_big": {
        "ko": "“{value}”: 너무 큽니다. 답은 10억보다 작습니다.",
        "en": "“{value}” is too large: every answer is below a billion.",
    },
    "lab.quiz.error.not_shape": {
        "ko": "“{value}”: 모양이 아닙니다. 14x14x32처럼 숫자를 x로 이어 쓰세요.",
        "en": "“{value}” is not a shape. Write numbers joined by x, like 14x14x32.",
    },
    "lab.quiz.q.output_size": {
        "ko": "입력 크기 H = {h}, 필터 크기 FH = {f}, 패딩 P = {p}, 스트라이드 S = {s}일 때 출력 크기 OH는?",
        "en": "Input size H = {h}, filter size FH = {f}, padding P = {p}, stride S = {s}: what is the output size OH?",
    },
    "lab.quiz.q.dilation": {"ko": " (팽창(dilation) {d})", "en": " (dilation {d})"},
    "lab.quiz.q.params": {
        "ko": "{c}채널 입력에 {fh}×{fw} 필터 {f}개를 쓰는 합성곱층(편향 포함)의 파라미터 수는?",
        "en": "How many parameters does a convolution layer have with {f} filters of {fh}×{fw} on a {c}-channel input (biases included)?",
    },
    "lab.quiz.q.conv_cell": {
        "ko": "아래 입력과 커널, 패딩 P = {p}, 스트라이드 S = {s}일 때 특성 맵의 {row}행 {col}열 값은?",
        "en": "With the input and kernel below, padding P = {p} and stride S = {s}, what is the feature map's value at row {row}, column {col}?",
    },
    "lab.quiz.q.pool_cell": {
        "ko": "아래 입력에 {size}×{size} {mode} 풀링(스트라이드 {size})을 하면 {row}행 {col}열 값은?",
        "en": "{mode} pooling with a {size}×{size} window (stride {size}) on the input below: what is the value at row {row}, column {col}?",
    },
    "lab.quiz.q.named_kernel": {
        "ko": "아래 입력에 어떤 커널을 적용해야(패딩 없이) 오른쪽 특성 맵이 나올까요?",
        "en": "Which kernel, applied to the input below without padding, makes the feature map on the right?",
    },
    "lab.quiz.q.model_shapes": {
        "ko": "{h}×{h}×{c} 입력이 다음 층들을 차례로 지납니다: {layers}. {n}번째 층 {layer}까지 지난 뒤의 모양은?",
        "en": "A {h}×{h}×{c} input goes through {layers}. What is the shape after layer {n}, {layer}?",
    },
}
