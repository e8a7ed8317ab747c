"""UI strings shared by the app shell and several pages."""

STRINGS: dict[str, dict[str, str]] = {
    "app.title": {"ko": "CNN 탐험기", "en": "CNN Explorer"},
    # the same in both languages: findable whatever language is shown now
    "app.language": {"ko": "언어 · Language", "en": "언어 · Language"},
    "nav.home": {"ko": "홈", "en": "Home"},
    "nav.lab": {"ko": "합성곱 실험실", "en": "Convolution lab"},
    "nav.explorer": {"ko": "모델 탐색기", "en": "Model explorer"},
    "nav.training": {"ko": "학습", "en": "Training"},
    "nav.predict": {"ko": "예측", "en": "Predict"},
    "common.model": {"ko": "모델", "en": "Model"},
    "common.no_models": {
        "ko": "사용할 수 있는 모델이 없습니다. assets/models 폴더를 확인하거나 학습 페이지에서 모델을 학습하세요.",
        "en": "No model is available. Check the assets/models folder or train one on the Training page.",
    },
    "common.choose": {"ko": "고르세요", "en": "Choose an option"},  # a picker's placeholder
    # a multiselect's own first options (ui.state.keep)
    "common.select_all": {"ko": "모두 고르기", "en": "Select all"},
    "common.select_matches": {"ko": "찾은 것 모두 고르기", "en": "Select all matches"},
    "common.source.shipped": {"ko": "기본 제공", "en": "shipped"},
    "common.source.run": {"ko": "학습 실행", "en": "training run"},  # anyone's on this server
    "common.model_load_error": {
        "ko": "모델을 불러오지 못했습니다: {error}",
        "en": "Could not load the model: {error}",
    },
    # one colour convention for signed values (weights, kernels, convolution outputs)
    "common.signed_legend": {
        "ko": "빨강 +, 파랑 −: 진할수록 0에서 멉니다.",
        "en": "Red +, blue −: the darker, the further from 0.",
    },
    # uploads kept across page visits (ui.state.kept_upload_ui)
    "common.upload_kept": {
        "ko": "앞서 올린 파일을 그대로 씁니다: {names}",
        "en": "Using what you uploaded earlier: {names}",
    },
    "common.upload_forget": {"ko": "올린 파일 지우기", "en": "Remove these files"},
    # Streamlit's own texts on the uploader and the camera, put in the page's language
    # over its English ones (ui.state.kept_upload_ui)
    "common.upload_button": {"ko": "파일 고르기", "en": "Browse files"},
    "common.upload_limit": {"ko": "파일 하나에 {mb} MB까지", "en": "Up to {mb} MB per file"},
    "common.camera_take": {"ko": "찍기", "en": "Take photo"},
    "common.camera_uploading": {"ko": "보내는 중…", "en": "Uploading…"},
    "common.camera_clear": {"ko": "지우고 다시 찍기", "en": "Clear photo"},
    "common.camera_off": {
        "ko": "카메라가 아직 켜지지 않았습니다.",
        "en": "The camera is not on yet.",
    },
    # shareable links (ui/links.py)
    "common.share_header": {"ko": "이 화면의 링크 공유", "en": "Share this view"},
    "common.share_help": {
        "ko": "이 링크를 보내면 받는 사람에게도 지금 이 화면이 같은 언어로 열립니다. 오른쪽 위 버튼으로 복사하세요.",
        "en": "Send this link: it opens this same view for whoever receives it, in the same language. Copy it with the button at its top right.",
    },
    # {fields}: the fields' names as their widgets show them (ui/links.py, Field.label)
    "common.share_left_out": {
        "ko": "링크에 정확히 담을 수 없는 수가 있어 이 링크에서 뺀 값: {fields}. 링크를 연 사람에게는 그 부분이 기본값으로 보입니다.",
        "en": "Left out of this link, for a number it cannot carry exactly: {fields}. Whoever opens the link sees the defaults there.",
    },
    "common.link_refused": {
        "ko": "링크를 읽을 수 없어 기본 화면을 보여 줍니다.",
        "en": "This link could not be read, so the default view is shown.",
    },
    "common.link_partly": {
        "ko": "링크의 일부를 읽을 수 없어 그 부분은 빼고 기본값을 씁니다: {fields}",
        "en": "Part of this link could not be read; it is left out and the defaults are used there: {fields}",
    },
    # one field of a link with the text it held (common.link_partly, link_not_applied)
    "common.link_field": {"ko": "{field} = “{value}”", "en": "{field} = “{value}”"},
    "common.link_not_applied": {
        "ko": "링크의 일부가 이 화면에 맞지 않아 쓰지 않았습니다 (대신 맞는 값이나 처음 값으로 보여 줍니다): {fields}",
        "en": "Part of this link does not fit this view and was not used (a value that fits, or the default, is shown): {fields}",
    },
    # the name of a link's cell that no widget labels (the explorer's clicked cell)
    "common.link_cell": {"ko": "선택한 칸", "en": "Chosen cell"},
    # occlusion sensitivity beside Grad-CAM (ui/sensitivity.py)
    "common.occlusion_patch": {"ko": "회색 패치 크기 (픽셀)", "en": "Grey patch size (pixels)"},
    "common.occlusion_stride": {"ko": "패치 이동 간격 (픽셀)", "en": "Patch step (pixels)"},
    "common.occlusion_caption": {
        "ko": "가림 민감도 · 패치 {patch}, 간격 {stride}",
        "en": "Occlusion · patch {patch}, step {stride}",
    },
    # under the pictures, Grad-CAM's sentence first (its map is the left one)
    "common.gradcam_scale": {
        "ko": "Grad-CAM: 붉을수록 '{label}'의 점수(소프트맥스 전)를 끌어올린 곳이고, 파랑은 그 점수를 올리지 않은 곳입니다. 맵마다 자기의 가장 큰 값을 빨강으로 늘려 그리므로, 빨강은 '이 맵에서 가장 큰 곳'일 뿐 다른 그림의 빨강과 크기를 비교할 수 없습니다 (가림 민감도는 모든 그림에 같은 눈금을 씁니다).",
        "en": "Grad-CAM: the redder, the more that place raised the score of '{label}' (before the softmax); blue places did not raise it. Each map is stretched so that its own largest value is red: red means 'the most in this map', not an amount to compare with another picture's red (occlusion uses one scale for every picture).",
    },
    "common.gradcam_none": {
        "ko": "Grad-CAM: 마지막 합성곱층의 어느 곳도 '{label}'의 점수(소프트맥스 전)를 끌어올리지 않아 맵 전체가 파랑(0)입니다. 옆의 가림 민감도를 보세요.",
        "en": "Grad-CAM: no place in the last convolution layer raised the score of '{label}' (before the softmax), so the whole map is blue (0). See occlusion beside it.",
    },
    "common.occlusion_peak": {
        "ko": "'{label}'의 확률은 {base}입니다. 회색 패치로 {top}–{bottom}행, {left}–{right}열을 가리면 가장 크게 떨어집니다: {drop}%p. 붉을수록 가렸을 때 확률이 많이 떨어진 곳입니다(빨강: 확률이 0이 됨, 파랑: 거의 그대로).",
        "en": "The probability of '{label}' is {base}. Hiding rows {top}–{bottom} and columns {left}–{right} under the grey patch lowers it most: by {drop} percentage points. The redder, the more hiding that place lowers it (red: down to 0; blue: hardly at all).",
    },
    "common.occlusion_none": {
        "ko": "'{label}'의 확률은 {base}이고, 어디를 가려도 {least}%p 이상 떨어지지 않습니다.",
        "en": "The probability of '{label}' is {base}, and hiding any place lowers it by less than {least} percentage points.",
    },
    "common.occlusion_vs_gradcam": {
        "ko": "Grad-CAM은 예측 한 번의 기울기로 마지막 합성곱층이 본 곳을 계산하고, 가림 민감도는 패치를 놓을 때마다 입력을 바꿔 다시 예측해서 확률이 실제로 얼마나 떨어지는지 잽니다.",
        "en": "Grad-CAM reads the gradients of one prediction at the last convolution layer; occlusion changes the input, predicts again for every patch position, and measures how much the probability really drops.",
    },
}
