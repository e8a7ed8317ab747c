"""UI strings of the lab page."""

STRINGS: dict[str, dict[str, str]] = {
    "lab.title": {"ko": "합성곱 실험실", "en": "Convolution lab"},
    "lab.intro": {
        "ko": "입력과 커널(필터)에 숫자를 직접 넣고, 커널이 입력 위를 미끄러지며 특성 맵을 만드는 과정을 한 칸씩 살펴보세요.",
        "en": "Type numbers into an input and a kernel (filter), then follow the kernel as it slides over the input and builds the feature map, one cell at a time.",
    },
    "lab.presets": {"ko": "강의 노트 예제", "en": "Examples from the course notes"},
    "lab.preset.seed_worked": {"ko": "풀이 예제 (패딩 1)", "en": "Worked example (padding 1)"},
    "lab.preset.seed_worked.note": {
        "ko": "4×4 입력에 3×3 필터, 패딩 1, 스트라이드 1: 출력도 4×4로 입력과 크기가 같습니다 (세임 패딩과 같은 효과). 강의 노트 슬라이드는 이 출력 옆에 다른 행렬(5 8 9 3 / 7 2 1 3 / 3 4 9 3 / 1 7 9 3, 패딩 그림의 입력)을 싣고 있지만, 이 출력은 널리 쓰이는 원래 예제의 입력(1 2 3 0 / 0 1 2 3 / 3 0 1 2 / 2 3 0 1)에서 나옵니다. 슬라이드의 행렬을 넣으면 다른 값이 나옵니다.",
        "en": "A 4×4 input, a 3×3 filter, padding 1, stride 1: the output is 4×4 too, the same size as the input (what same padding does). The course notes' slide prints another matrix beside this output (5 8 9 3 / 7 2 1 3 / 3 4 9 3 / 1 7 9 3, the input of the padding picture); this output belongs to the classic example's own input (1 2 3 0 / 0 1 2 3 / 3 0 1 2 / 2 3 0 1). The slide's matrix gives other numbers.",
    },
    "lab.preset.seed_no_padding": {"ko": "패딩 없이", "en": "No padding"},
    # Markdown (st.caption): the products in backticks, or each a*b*c would turn italic
    "lab.preset.seed_no_padding.note": {
        "ko": "같은 입력과 필터를 패딩 없이 적용하면 출력은 2×2로 줄어듭니다. 첫 칸은 `1*2 + 2*0 + 3*1 + … = 15`입니다.",
        "en": "The same input and filter without padding: the output shrinks to 2×2. Its first cell is `1*2 + 2*0 + 3*1 + … = 15`.",
    },
    "lab.preset.stride2": {"ko": "스트라이드 2", "en": "Stride 2"},
    "lab.preset.stride2.note": {
        "ko": "필터가 두 칸씩 이동합니다. (4 + 2·1 − 3) / 2 = 1.5처럼 나누어떨어지지 않으면 소수점 아래를 버립니다.",
        "en": "The filter moves two cells at a time. When (4 + 2·1 − 3) / 2 = 1.5 is not whole, the fraction is dropped.",
    },
    "lab.preset.curve_curved": {"ko": "곡선 검출: 곡선 있음", "en": "Curve detector: curve"},
    "lab.preset.curve_curved.note": {
        "ko": "7×7 곡선 검출 필터를 곡선이 있는 부분(쥐의 엉덩이)에 대면 아주 큰 값(6600)이 나옵니다. 필터가 찾는 특징이 있다는 뜻입니다.",
        "en": "The 7×7 curve-detector filter on a patch with a curve (the mouse's back) gives a very large value (6600): the feature the filter looks for is there.",
    },
    "lab.preset.curve_flat": {"ko": "곡선 검출: 곡선 없음", "en": "Curve detector: no curve"},
    "lab.preset.curve_flat.note": {
        "ko": "같은 필터를 곡선이 없는 부분(쥐의 머리)에 대면 결과가 0입니다. 찾는 특징이 없다는 뜻입니다.",
        "en": "The same filter on a patch without that curve (the mouse's head) gives 0: the feature is not there.",
    },
    "lab.preset.maxpool": {"ko": "2×2 최대 풀링", "en": "2×2 max pooling"},
    "lab.preset.maxpool.note": {
        "ko": "2×2 창에서 가장 큰 값만 남깁니다. 스트라이드는 창 크기와 같은 2라서 창이 겹치지 않고, 가중치도 없습니다.",
        "en": "Each 2×2 window keeps only its largest value. The stride equals the window size (2), so windows never overlap; there are no weights.",
    },
    "lab.preset.rgb": {"ko": "컬러(RGB) 입력, 필터 2개", "en": "Colour (RGB) input, 2 filters"},
    "lab.preset.rgb.note": {
        "ko": "3채널 입력에는 3채널 필터가 필요합니다. 3×3×3 = 27개의 가중치와 편향 1개로 출력 한 칸을 만들고, 필터 2개가 특성 맵 2장을 만듭니다.",
        "en": "A 3-channel input needs 3-channel filters: 27 weights (3×3×3) and one bias make one output number, and 2 filters make 2 feature maps.",
    },
    "lab.preset.changed": {
        "ko": "지금 화면은 예제 「{name}」의 숫자·설정과 달라서 예제 설명을 숨겼습니다. {reload} 버튼을 누르면 예제를 다시 불러옵니다.",
        "en": "This view no longer matches the example “{name}” (its numbers or settings differ), so the example's note is hidden. {reload} loads the example again.",
    },
    "lab.preset.reload": {"ko": "이 예제를 다시 불러오기", "en": "Load this example again"},
    "lab.preset.reload_short": {"ko": "다시 불러오기", "en": "Reload"},
    "lab.preset.transpose_undo": {
        "ko": "전치 합성곱: 스트라이드 2 되돌리기",
        "en": "Transposed convolution: undo stride 2",
    },
    "lab.preset.transpose_undo.note": {
        "ko": "4×4 입력에 3×3 필터, 스트라이드 2, 세임 패딩을 쓰면 2×2가 됩니다. 스트라이드 2, 세임 패딩의 전치 합성곱은 2×2를 다시 4×4로 만듭니다. 되돌아오는 것은 크기이지 값이 아닙니다.",
        "en": "A 4×4 input through a 3×3 filter with stride 2 and same padding becomes 2×2; a transposed convolution with stride 2 and same padding turns 2×2 back into 4×4. It undoes the size, not the values.",
    },
    "lab.section": {"ko": "실험", "en": "Experiment"},
    "lab.section.transpose": {"ko": "전치 합성곱", "en": "Transposed convolution"},
    "lab.size": {"ko": "크기 (행·열)", "en": "Size (rows, columns)"},
    "lab.axis.both": {"ko": "행과 열", "en": "rows and columns"},
    "lab.tr.stride_help": {
        "ko": "입력 칸 사이에 0을 (스트라이드 − 1)개씩 넣습니다. 2이면 출력이 약 두 배로 커집니다.",
        "en": "Puts stride − 1 zeros between the input cells; 2 roughly doubles the size.",
    },
    "lab.tr.output_padding": {"ko": "출력 패딩 OP", "en": "Output padding OP"},
    "lab.tr.output_padding.auto": {"ko": "자동 (Keras 기본값)", "en": "Auto (Keras default)"},
    "lab.tr.output_padding_help": {
        "ko": "출력의 아래쪽·오른쪽에 더하는 줄 수입니다. 스트라이드보다 작아야 합니다. 자동이면 Keras처럼 정합니다.",
        "en": "Extra rows and columns at the bottom and right of the output; must be smaller than the stride. Auto: as Keras chooses.",
    },
    "lab.tr.output": {"ko": "전치 합성곱 출력", "en": "Transposed output"},
    "lab.tr.spread": {"ko": "0을 넣은 입력", "en": "Input with zeros inserted"},
    "lab.tr.flipped": {"ko": "뒤집은 커널 (180° 회전)", "en": "Kernel flipped (180°)"},
    # the transposed convolution's "same": the output grows (OP: output padding)
    "lab.tr.padding.same": {
        "ko": "세임 (OP가 자동이면 출력 = 입력 × S)",
        "en": "Same (output = input × S when OP is auto)",
    },
    "lab.tr.legend": {
        "ko": "회색 칸: 입력 칸 사이와 둘레에 넣은 0. 커널은 상하좌우로 뒤집어서(180° 회전) 보통의 합성곱(스트라이드 1)처럼 미끄러집니다.",
        "en": "Grey cells: the zeros inserted between and around the input cells. The kernel is flipped (turned 180°) and slides as in an ordinary convolution with stride 1.",
    },
    # en: each count after a colon, so no noun needs a plural (1 zero, 2 zeros)
    "lab.tr.zeros": {
        "ko": "입력 칸 사이마다 0을 {between}개씩, 위·왼쪽에는 {before}줄, 아래·오른쪽에는 {after}줄 넣은 뒤 뒤집은 커널로 합성곱합니다.",
        "en": "Zeros inserted — between neighbouring input cells: {between}; lines at the top and left: {before}; at the bottom and right: {after}. Then a convolution with the flipped kernel.",
    },
    "lab.tr.uses": {"ko": "어디에 쓰일까요?", "en": "Where is it used?"},
    "lab.tr.uses_text": {
        "ko": "전치 합성곱은 작아진 특성 맵을 다시 키우는 업샘플링에 쓰입니다. 예를 들어 이미지 분할 신경망의 디코더는 인코더가 줄인 크기를 픽셀마다 답할 수 있도록 되돌립니다.",
        "en": "Transposed convolutions upsample: they grow small feature maps back, as in the decoder of a segmentation network, which restores the size its encoder took away so it can answer for every pixel.",
    },
    # the edge labels of the "where is it used?" diagram (a newline: a second line)
    "lab.tr.uses.conv": {"ko": "합성곱\n스트라이드 {stride}", "en": "convolution\nstride {stride}"},
    "lab.tr.uses.transposed": {
        "ko": "전치 합성곱\n스트라이드 {stride}",
        "en": "transposed convolution\nstride {stride}",
    },
    "lab.tr.error.output_padding": {
        "ko": "출력 패딩은 스트라이드({stride})보다 작아야 합니다 (지금 {value}).",
        "en": "The output padding must be smaller than the stride ({stride}); it is {value}.",
    },
    "lab.tr.error.padding": {
        "ko": "패딩 P는 커널 크기 − 1 = {limit} 이하여야 합니다 (지금 {value}).",
        "en": "The padding P must be at most the kernel size − 1 = {limit}; it is {value}.",
    },
    "lab.tr.error.same_even": {
        "ko": "세임 패딩에 짝수 크기 커널({kernel})을 쓰면 출력 패딩이 1 이상이거나 자동이어야 합니다 (Keras도 같습니다).",
        "en": "With same padding and an even kernel ({kernel}) the output padding must be 1 or more, or auto (as in Keras).",
    },
    "lab.tr.error.too_small": {
        "ko": "패딩({value})이 출력을 모두 잘라 냅니다. 패딩을 줄이거나 입력을 키우세요.",
        "en": "Padding {value} crops the whole output. Use less padding or a larger input.",
    },
    "lab.section.conv": {"ko": "합성곱", "en": "Convolution"},
    "lab.section.pool": {"ko": "풀링", "en": "Pooling"},
    "lab.section.channels": {"ko": "여러 채널·필터", "en": "Channels and filters"},
    "lab.section.image": {"ko": "실제 이미지", "en": "Real image"},
    "lab.input": {"ko": "입력", "en": "Input"},
    "lab.kernel": {"ko": "커널(필터)", "en": "Kernel (filter)"},
    "lab.settings": {"ko": "설정", "en": "Settings"},
    "lab.rows": {"ko": "행", "en": "Rows"},
    "lab.cols": {"ko": "열", "en": "Columns"},
    "lab.random": {"ko": "무작위로 채우기", "en": "Random fill"},
    "lab.editor_hint": {
        "ko": "칸을 두 번 눌러 숫자를 고치세요. 스프레드시트에서 복사한 표도 붙여 넣을 수 있습니다. 격자보다 큰 표는 잘리니 먼저 행과 열 수를 맞추세요.",
        "en": "Double-click a cell to change its number. A table copied from a spreadsheet can be pasted too; what falls outside the grid is cut, so set the rows and columns first.",
    },
    "lab.padding": {"ko": "패딩", "en": "Padding"},
    "lab.padding.valid": {"ko": "밸리드 (패딩 없음)", "en": "Valid (no padding)"},
    # the size only at S = 1: with a stride the output shrinks (Keras: ⌈H / S⌉)
    "lab.padding.same": {
        "ko": "세임 (출력 ⌈입력 ÷ S⌉, S = 1이면 입력과 같은 크기)",
        "en": "Same (output ⌈input ÷ S⌉, the input's size at S = 1)",
    },
    "lab.padding.custom": {"ko": "직접 정하기 (P)", "en": "Custom (P)"},
    "lab.padding_p": {"ko": "패딩 P", "en": "Padding P"},
    "lab.stride": {"ko": "스트라이드 S", "en": "Stride S"},
    "lab.stride_help": {
        "ko": "필터가 한 번에 이동하는 칸 수입니다. 1 이상이어야 합니다.",
        "en": "How many cells the filter moves at a time. Must be 1 or more.",
    },
    "lab.dilation": {"ko": "팽창(dilation)", "en": "Dilation"},
    "lab.dilation_help": {
        "ko": "필터의 칸 사이를 벌리는 간격입니다. 1이면 보통의 합성곱입니다.",
        "en": "Spacing between the filter's cells. 1 is an ordinary convolution.",
    },
    "lab.bias": {"ko": "편향(절편)", "en": "Bias"},  # 절편: the course notes' word, here only
    "lab.relu": {"ko": "ReLU 적용 (활성화 맵)", "en": "Apply ReLU (activation map)"},
    "lab.relu_help": {
        "ko": "곱셈-누산에 편향을 더한 합성곱 결과는 특성 맵(feature map; 강의 노트에서는 특징 맵이라고도 합니다), 여기에 활성화 함수 ReLU(음수는 0)를 적용한 결과는 활성화 맵(activation map)입니다.",
        "en": "The convolution's output, the multiply-accumulate plus the bias, is the feature map; applying the activation function ReLU (negatives become 0) gives the activation map.",
    },
    "lab.feature_map": {"ko": "특성 맵", "en": "Feature map"},
    "lab.activation_map": {"ko": "활성화 맵 (ReLU)", "en": "Activation map (ReLU)"},
    "lab.padded_input": {"ko": "패딩한 입력", "en": "Padded input"},
    "lab.click_cell": {
        "ko": "출력 칸을 누르면 그 칸을 만든 창과 곱셈-누산이 보입니다.",
        "en": "Click an output cell to see the window and the multiply-accumulate behind it.",
    },
    "lab.window_legend": {
        "ko": "빨간 테두리: 지금 보는 출력 칸을 만드는 창(필터가 덮는 칸).",
        "en": "Red outline: the window (the cells under the filter) behind the output cell in question.",
    },
    "lab.padding_legend": {"ko": "회색 칸: 0으로 채운 패딩.", "en": "Grey cells: zero padding."},
    # after lab.padding_legend, when one side has more zeros than the other ("same")
    "lab.padding_uneven": {
        "ko": "0의 줄 수: 위 {top}, 아래 {bottom}, 왼쪽 {left}, 오른쪽 {right}. 양쪽에 똑같이 나눌 수 없으면 Keras는 남는 한 줄을 아래·오른쪽에 넣습니다.",
        "en": "Lines of zeros: top {top}, bottom {bottom}, left {left}, right {right}. When they cannot be split evenly, Keras puts the extra one at the bottom and right.",
    },
    "lab.no_flip": {
        "ko": "커널은 뒤집지 않고 그대로 창에 겹쳐 곱합니다. CNN에서 말하는 합성곱은 수학에서 말하는 교차상관(cross-correlation)이며, Keras의 Conv2D도 같습니다.",
        "en": "The kernel is laid on the window as it is, not flipped: what a CNN calls convolution is what mathematics calls cross-correlation, as in Keras's Conv2D.",
    },
    "lab.formula": {"ko": "출력 크기 계산", "en": "Output size"},
    # the formula's symbols, in the course notes' words ((H, W) 입력 크기, (FH, FW) 필터 크기 …)
    "lab.formula.symbols": {
        "ko": "H 입력 크기, FH 필터 크기, P 패딩, S 스트라이드, OH 출력 크기 (세로; 가로는 W, FW, OW로 같은 식). ⌊ ⌋는 소수점 아래를 버립니다.",
        "en": "H input size, FH filter size, P padding, S stride, OH output size (the height; the width's W, FW, OW follow the same formula). ⌊ ⌋ drops the fraction.",
    },
    "lab.formula.symbols.same": {
        "ko": "H 입력 크기, S 스트라이드, OH 출력 크기 (세로; 가로는 W, OW로 같은 식). 세임 패딩에서는 필터 크기와 상관없이 ⌈ ⌉로 소수점 아래를 올립니다.",
        "en": "H input size, S stride, OH output size (the height; the width's W, OW follow the same formula). With same padding the filter size does not matter, and ⌈ ⌉ rounds the fraction up.",
    },
    "lab.axis.rows": {"ko": "행", "en": "rows"},
    "lab.axis.cols": {"ko": "열", "en": "columns"},
    "lab.formula.floor": {
        "ko": "{axis}: {numerator} ÷ {stride} = {quotient}, 나누어떨어지지 않습니다. 창이 스트라이드 {stride}만큼 한 번 더 이동할 자리가 없어서 소수점 아래를 버립니다(⌊ ⌋).",
        "en": "{axis}: {numerator} ÷ {stride} = {quotient} is not whole. The window has no room for another step of {stride}, so the fraction is dropped (⌊ ⌋).",
    },
    # {axis}: lab.axis.*; {lines}: the grid's numbers of those rows or columns, from 1
    "lab.formula.unread": {
        "ko": "어떤 창도 읽지 않는 입력 {axis}: {lines}번째. 그 줄의 숫자는 출력에 쓰이지 않습니다.",
        "en": "Input {axis} that no window reads: {lines}. Their numbers never reach the output.",
    },
    "lab.formula.unread.padding": {
        "ko": "입력의 {axis}은 모두 어떤 창이든 읽습니다. 빠지는 것은 0으로 채운 패딩뿐입니다.",
        "en": "All input {axis} are read by some window: only zero padding is left out.",
    },
    # {span}: filled in, "(3 − 1)·2 + 1 = 5", and a non-square kernel's FW after it
    "lab.formula.dilation": {
        "ko": "팽창 {dilation}: 필터 크기 FH 자리에 실제로 덮는 크기를 넣었습니다. (FH − 1)·{dilation} + 1 = {span}.",
        "en": "Dilation {dilation}: FH is replaced by the span the filter really covers, (FH − 1)·{dilation} + 1 = {span}.",
    },
    "lab.cell": {"ko": "출력 칸", "en": "Output cell"},
    "lab.cell_position": {
        "ko": "선택한 칸: {row}행 {col}열",
        "en": "Chosen cell: row {row}, column {col}",
    },
    "lab.prev": {"ko": "이전 칸", "en": "Previous"},
    "lab.next": {"ko": "다음 칸", "en": "Next"},
    "lab.play": {"ko": "자동 재생", "en": "Play"},
    "lab.play_help": {
        "ko": "{seconds}초마다 다음 칸으로 넘어갑니다.",
        "en": "Moves to the next cell every {seconds} s.",
    },
    "lab.mac": {"ko": "곱셈-누산 (선택한 칸)", "en": "Multiply-accumulate (chosen cell)"},
    "lab.pool.size": {"ko": "풀링 창 크기", "en": "Pool size"},
    "lab.pool.mode": {"ko": "풀링 종류", "en": "Pooling"},
    "lab.pool.max": {"ko": "최대", "en": "Max"},
    "lab.pool.avg": {"ko": "평균", "en": "Average"},
    "lab.pool.min": {"ko": "최소", "en": "Min"},
    "lab.pool.output": {"ko": "풀링 결과", "en": "Pooled output"},
    "lab.pool.fh": {
        "ko": "풀링에서는 FH가 풀링 창 크기({size})이고, 패딩 P는 0입니다.",
        "en": "In pooling, FH is the pool size ({size}) and the padding P is 0.",
    },
    # what an output cell of each pooling holds, in lab.pool.legend and lab.pool.same
    "lab.pool.of.max": {"ko": "최댓값", "en": "largest value"},
    "lab.pool.of.avg": {"ko": "평균", "en": "average"},
    "lab.pool.of.min": {"ko": "최솟값", "en": "smallest value"},
    # the function's name in a pooling window's line, "최댓값(1, 3, 2, 4) = 4"
    "lab.pool.fn.max": {"ko": "최댓값", "en": "max"},
    "lab.pool.fn.avg": {"ko": "평균", "en": "avg"},
    "lab.pool.fn.min": {"ko": "최솟값", "en": "min"},
    "lab.pool.legend": {
        "ko": "빨간 테두리: 선택한 출력 칸을 만드는 풀링 창. 출력 칸은 창 안 숫자들의 {of}입니다. 가중치도 곱셈도 없습니다.",
        "en": "Red outline: the pooling window behind the chosen output cell, which holds the {of} of the numbers in the window; no weights, no multiplying.",
    },
    "lab.pool.click_cell": {
        "ko": "출력 칸을 누르면 그 칸의 창과 계산이 보입니다.",
        "en": "Click an output cell to see its window and how it is computed.",
    },
    "lab.pool.same": {
        "ko": "세임 패딩: 창이 입력 밖으로 나간 자리는 0으로 채우지 않고 빼 둡니다. 창이 덮는 입력 칸만으로 {of}을 구합니다 (Keras와 같습니다).",
        "en": "Same padding: where a window reaches past the input, nothing is filled in (no zeros): the {of} is taken over the input cells the window covers, as in Keras.",
    },
    "lab.pool.same.avg": {
        "ko": "그래서 가장자리 창의 평균은 그 안의 입력 칸 수로 나눕니다 (창 크기로 나누지 않습니다).",
        "en": "So an edge window's average divides by the number of input cells in it, not by the window's size.",
    },
    "lab.ch.channels": {"ko": "입력 채널 수 C", "en": "Input channels C"},
    "lab.ch.filters": {"ko": "필터 수 F", "en": "Filters F"},
    "lab.ch.kernels": {"ko": "필터 (채널마다 한 장)", "en": "Filters (one slice per channel)"},
    "lab.channel": {"ko": "채널 {n}", "en": "Channel {n}"},
    # three channels: a colour image's, in Keras' order ({letter}: R, G or B)
    "lab.channel.rgb": {"ko": "채널 {n} ({letter})", "en": "Channel {n} ({letter})"},
    "lab.filter": {"ko": "필터 {n}", "en": "Filter {n}"},
    "lab.ch.params": {
        "ko": "파라미터 수 = (FH·FW·C + 1)·F = ({kh}·{kw}·{c} + 1)·{f} = **{total}**",
        "en": "Parameters = (FH·FW·C + 1)·F = ({kh}·{kw}·{c} + 1)·{f} = **{total}**",
    },
    "lab.ch.explain": {
        "ko": "필터 하나는 입력 채널 전체(C = {c})를 덮습니다. 가중치(FH·FW·C = {weights}개)를 입력에 곱하고 편향 하나를 더해 출력 한 칸을 만듭니다. 필터 {f}개 → 특성 맵 {f}장.",
        "en": "One filter covers every input channel (C = {c}): its weights (FH·FW·C = {weights}) times the inputs, plus one bias, make one output number. Each filter makes one feature map (F = {f}).",
    },
    "lab.ch.mac_lines": {
        "ko": "한 줄이 채널 하나입니다 (첫 줄이 채널 1).",
        "en": "One line per channel (channel 1 first).",
    },
    "lab.ch.mac_lines.rgb": {
        "ko": "한 줄이 채널 하나입니다: R(빨강), G(초록), B(파랑) 순서.",
        "en": "One line per channel: R (red), G (green), B (blue), in that order.",
    },
    "lab.ch.trace_filter": {"ko": "살펴볼 필터", "en": "Filter to trace"},
    "lab.img.kernel": {"ko": "커널", "en": "Kernel"},
    "lab.img.original": {"ko": "원본 (흑백)", "en": "Original (grayscale)"},
    "lab.img.synthetic": {
        "ko": "아직 고른 이미지가 없어 도형 그림으로 보여 줍니다.",
        "en": "No image chosen yet: showing a drawing of shapes.",
    },
    "lab.img.explain": {
        "ko": "흑백 {h}×{w} 이미지에 세임 패딩으로 커널을 적용했습니다. 특성 맵에서 빨간색 = 양수, 파란색 = 음수이고, ReLU는 음수를 0으로 만듭니다.",
        "en": "The kernel applied to the {h}×{w} grayscale image with same padding. In the feature map red = positive, blue = negative; ReLU turns negatives into 0.",
    },
    "lab.kernel.identity": {"ko": "항등 (그대로)", "en": "Identity (no change)"},
    "lab.kernel.box_blur": {"ko": "평균 흐림", "en": "Box blur"},
    "lab.kernel.gaussian_blur": {"ko": "가우시안 흐림", "en": "Gaussian blur"},
    "lab.kernel.sharpen": {"ko": "선명하게", "en": "Sharpen"},
    "lab.kernel.sobel_x": {"ko": "소벨 x (세로 경계)", "en": "Sobel x (vertical edges)"},
    "lab.kernel.sobel_y": {"ko": "소벨 y (가로 경계)", "en": "Sobel y (horizontal edges)"},
    "lab.kernel.laplacian": {"ko": "라플라시안", "en": "Laplacian"},
    "lab.kernel.edge": {"ko": "경계 검출", "en": "Edge detector"},
    "lab.kernel.curve_detector": {"ko": "곡선 검출 (7×7)", "en": "Curve detector (7×7)"},
    "lab.kernel.custom": {"ko": "직접 입력", "en": "Type your own"},
    "lab.error.empty": {"ko": "칸이 하나도 없습니다.", "en": "There are no cells."},
    "lab.error.ragged": {
        "ko": "행마다 칸 수가 다릅니다.",
        "en": "The rows have different numbers of cells.",
    },
    "lab.error.blank": {
        "ko": "{row}행 {col}열 칸이 비어 있습니다. 숫자를 넣어 주세요.",
        "en": "The cell at row {row}, column {col} is empty. Please type a number.",
    },
    "lab.error.not_number": {
        "ko": "{row}행 {col}열의 “{value}”: 숫자가 아닙니다.",
        "en": "“{value}” at row {row}, column {col} is not a number.",
    },
    "lab.error.korean_mode": {
        "ko": "{row}행 {col}열의 “{value}”: 숫자가 아닙니다. 한글 자모(ㄱ, ㅌ 같은)가 섞여 있어 자판이 한글 입력 상태인 것 같습니다. 한/영 키로 영문(반각) 입력으로 바꾼 뒤 숫자를 다시 입력하세요.",
        "en": "“{value}” at row {row}, column {col} is not a number: it holds a Korean letter (ㄱ, ㅌ …), so the keyboard is probably in Korean mode. Switch the keyboard to English (half-width) input and type the number again.",
    },
    "lab.error.comma": {
        "ko": "{row}행 {col}열의 “{value}”: 소수점은 쉼표가 아니라 점(.)으로 쓰세요 (예: 1.5). 칸에는 쉼표를 쓰지 않습니다 (1,000은 1000으로).",
        "en": "“{value}” at row {row}, column {col}: write decimals with a point, like 1.5. Cells take no commas (write 1,000 as 1000).",
    },
    "lab.error.not_finite": {
        "ko": "{row}행 {col}열의 “{value}”: 유한한 숫자가 아닙니다 (NaN, 무한대는 쓸 수 없습니다).",
        "en": "“{value}” at row {row}, column {col} is not a finite number (NaN and infinity are not allowed).",
    },
    "lab.error.too_big": {
        "ko": "{row}행 {col}열의 “{value}”: 너무 큽니다. −{limit}에서 {limit} 사이의 숫자를 넣어 주세요.",
        "en": "“{value}” at row {row}, column {col} is too large. Use numbers between −{limit} and {limit}.",
    },
    "lab.error.stride": {
        "ko": "스트라이드는 1 이상이어야 합니다 (지금 {value}).",
        "en": "The stride must be at least 1 (it is {value}).",
    },
    "lab.error.dilation": {
        "ko": "팽창(dilation)은 1 이상이어야 합니다 (지금 {value}).",
        "en": "The dilation must be at least 1 (it is {value}).",
    },
    "lab.error.padding": {
        "ko": "패딩은 0 이상이어야 합니다 (지금 {value}).",
        "en": "The padding must be 0 or more (it is {value}).",
    },
    "lab.error.kernel_too_large": {
        "ko": "커널({kh}×{kw}, 실제로 덮는 크기 {eh}×{ew})이 패딩한 입력({ph}×{pw})보다 큽니다. 커널을 줄이거나 입력 또는 패딩을 늘리세요.",
        "en": "The kernel ({kh}×{kw}, covering {eh}×{ew}) is larger than the padded input ({ph}×{pw}). Shrink the kernel or enlarge the input or the padding.",
    },
    "lab.error.pool_too_large": {
        "ko": "풀링 창({kh}×{kw})이 입력({ph}×{pw})보다 큽니다. 풀링 창을 줄이거나, 입력을 키우거나, 세임 패딩을 고르세요.",
        "en": "The pooling window ({kh}×{kw}) is larger than the input ({ph}×{pw}). Use a smaller pooling window, a larger input, or same padding.",
    },
    "lab.link.none": {
        "ko": "오류가 있는 화면은 공유 링크가 없고, 주소 창도 바뀌지 않습니다. 새로 고치거나 주소를 복사하면 이 화면이 아니라 주소 창에 있는 화면이 열립니다. 오류를 고치면 링크가 다시 나옵니다.",
        "en": "A view with an error has no share link, and the address bar is not updated: a reload or a copied address opens the view it holds, not this one. Fix the error and the link comes back.",
    },
}
