"""UI strings of the predict page (and of the image input shared with the explorer)."""

STRINGS: dict[str, dict[str, str]] = {
    "predict.title": {"ko": "예측: 모델에게 보여 주기", "en": "Predict: show the model a picture"},
    "predict.intro": {
        "ko": "종이에 그린 스케치나 사진을 올려 보세요. 모델이 보기 전에 이미지가 어떻게 바뀌는지 단계별로 보여 주고, 모델이 어디를 보고 판단했는지도 보여 줍니다.",
        "en": "Upload a sketch on paper or a photo. You will see every step that turns it into what the model sees, the model's answer, and where the model looked.",
    },
    # image source (ui/image_input.py)
    "predict.source": {"ko": "이미지 가져오기", "en": "Image source"},
    "predict.source.upload": {"ko": "파일 올리기", "en": "Upload"},
    "predict.source.camera": {"ko": "카메라", "en": "Camera"},
    "predict.source.draw": {"ko": "직접 그리기", "en": "Draw"},
    "predict.draw.tool": {"ko": "도구", "en": "Tool"},
    "predict.draw.tool.pen": {"ko": "펜", "en": "Pen"},
    "predict.draw.tool.eraser": {"ko": "지우개", "en": "Eraser"},
    "predict.draw.pen": {"ko": "굵기 (픽셀)", "en": "Width (pixels)"},
    "predict.draw.clear": {"ko": "모두 지우기", "en": "Clear"},
    "predict.draw.help": {
        "ko": "손가락이나 마우스로 그리세요. 획을 끝낼 때마다 답이 바뀝니다. 되돌리기는 그림판 위에 마우스를 올리면 나오는 도구 모음에 있습니다.",
        "en": "Draw with a finger or the mouse: the answer follows each stroke you finish. Undo is in the toolbar that appears over the canvas.",
    },
    "predict.link_no_image": {
        "ko": "올린 파일, 사진, 그림은 링크에 들어가지 않습니다. 같은 이미지를 보여 주려면 예시 이미지를 고르세요.",
        "en": "An uploaded file, a photo or a drawing does not travel in the link; pick samples to share the same pictures.",
    },
    "predict.source.samples": {"ko": "예시 이미지", "en": "Samples"},
    # {mb}: the uploader's limit (ui.image_input.upload_mb); the browser keeps larger files back
    "predict.upload_label": {
        "ko": "이미지 파일 ({formats} · 파일 하나에 최대 {mb} MB)",
        "en": "Image files ({formats}; up to {mb} MB each)",
    },
    "predict.camera_label": {"ko": "사진 찍기", "en": "Take a picture"},
    # under the camera; {others} names the other sources as the picker does
    "predict.camera_help": {
        "ko": "브라우저가 카메라를 써도 되는지 물으면 '허용'을 누르세요. 카메라가 없거나 허용하지 않았다면 위에서 다른 방법을 고르세요: {others}.",
        "en": "If the browser asks to use the camera, allow it. With no camera, or if it was not allowed, pick another source above: {others}.",
    },
    # in place of the camera, on a page browsers lend no camera to (plain http from
    # another machine: ui.image_input.camera_blocked); {address} is the page's address
    "predict.camera_blocked": {
        "ko": "이 주소({address})는 https가 아니어서 브라우저가 카메라를 막습니다. 휴대폰 등으로 찍은 사진을 '파일 올리기'로 올리거나 다른 방법을 고르세요: {others}. 선생님께: 앱을 https로 열면 카메라를 쓸 수 있습니다 (docs/deploy.md).",
        "en": "Browsers keep the camera from this address ({address}) because it is not https. Upload a photo taken with a phone, or pick another source above: {others}. For the teacher: served over https, the app can use the camera (docs/deploy.md).",
    },
    "predict.samples_label": {"ko": "예시 고르기", "en": "Pick samples"},
    "predict.sample_label": {"ko": "예시 하나 고르기", "en": "Pick a sample"},
    "predict.samples_empty": {
        "ko": "예시 이미지가 없습니다 (assets/samples).",
        "en": "No sample images found (assets/samples).",
    },
    "predict.sample_group.sketches": {"ko": "스케치", "en": "sketch"},
    "predict.sample_group.photos": {"ko": "사진", "en": "photo"},
    # the samples grid, one row per group: a short title under each picture
    "predict.sample_grid.sketches": {"ko": "스케치", "en": "Sketches"},
    "predict.sample_grid.photos": {"ko": "사진", "en": "Photos"},
    # a sample of a dataset class is titled with the class name from cnn_core.datasets
    "predict.sample.digit": {"ko": "숫자 {n}", "en": "Digit {n}"},
    "predict.sample.scene": {"ko": "풍경", "en": "Landscape"},
    # settings
    "predict.invert": {"ko": "색 반전", "en": "Invert colours"},
    "predict.invert.auto": {"ko": "자동", "en": "Automatic"},
    "predict.invert.on": {"ko": "반전하기", "en": "Invert"},
    "predict.invert.off": {"ko": "그대로 두기", "en": "Keep as is"},
    "predict.invert_help": {
        "ko": "학습 데이터는 검은 바탕에 밝은 물체입니다. 자동으로 두면 테두리 밝기를 보고 흰 종이 위 그림이면 색을 뒤집습니다.",
        "en": "The training images are light objects on black. Automatic looks at the border: light paper with dark strokes gets inverted.",
    },
    # what to do while no image is chosen, for each source
    "predict.prompt.upload": {
        "ko": "이미지 파일을 올려 보세요. 여러 장을 한꺼번에 올려도 됩니다. 파일 하나는 최대 {mb} MB입니다: 더 큰 파일은 올라가지 않고 목록에 빨간 ! 표시로만 남습니다.",
        "en": "Upload an image file, or several at once. Each file may be up to {mb} MB: a larger one is not uploaded and only stays in the list with a red ! mark.",
    },
    "predict.prompt.camera": {
        "ko": "카메라로 종이에 그린 그림이나 물건을 찍어 보세요.",
        "en": "Take a picture of a sketch on paper or of an object.",
    },
    "predict.prompt.draw": {
        "ko": "그림판에 숫자나 물건을 그려 보세요.",
        "en": "Draw a digit or an object on the canvas.",
    },
    "predict.prompt.samples": {
        "ko": "예시를 하나 이상 골라 보세요.",
        "en": "Pick one or more samples.",
    },
    # steps
    "predict.steps_header": {"ko": "전처리 단계", "en": "Preprocessing steps"},
    "predict.step.decoded": {"ko": "원본", "en": "Original"},
    "predict.step.grayscale": {"ko": "흑백", "en": "Grayscale"},
    "predict.step.inverted": {"ko": "색 반전", "en": "Inverted"},
    "predict.step.normalized": {"ko": "밝기 정리", "en": "Levels"},
    "predict.step.cropped": {"ko": "잘라내기", "en": "Cropped"},
    "predict.step.squared": {"ko": "정사각형", "en": "Squared"},
    "predict.step.resized": {"ko": "크기 조정", "en": "Resized"},
    "predict.step.centered": {"ko": "무게중심 맞추기", "en": "Centred"},
    "predict.step.scaled": {"ko": "모델이 보는 그림", "en": "What the model sees"},
    # {mark}: the reshape's mark (app_pages.predict.widgets.NOTES_MARKS), empty for a
    # colour model; {shape}: (1, H, W, C)
    "predict.reshape": {
        "ko": "{mark} reshape: 모델이 받는 배열의 모양은 `{shape}`입니다 (그림 수, 높이, 너비, 채널). 그림이 한 장이어도 맨 앞에 그림 수(배치) 1이 붙습니다.",
        "en": "{mark} reshape: the array the model gets has the shape `{shape}` (pictures, height, width, channels). Even one picture gets the number of pictures (the batch), 1, in front.",
    },
    # one-channel models; the marks are app_pages.predict.widgets.NOTES_MARKS and ADDED_MARK
    "predict.steps_explain": {
        "ko": "①–⑤는 강의 노트의 방법이고, 번호는 강의 노트의 순서입니다: ① 흑백(cv2.cvtColor) → ② INTER_AREA로 {size} 크기로 줄이기 → ③ 색 반전(cv2.bitwise_not) → ④ 255로 나누어 0~1 사이 값으로 → ⑤ reshape. 위 그림들은 이 앱의 순서입니다: 이 앱은 색 반전(③)을 크기 조정(②)보다 먼저 하고, '자동'이면 흰 종이 위 그림일 때만 합니다. +가 붙은 단계는 종이에 그린 스케치와 사진을 데이터셋 그림처럼 만들려고 이 앱이 더한 것입니다: 바탕을 0으로 맞추고(밝기 정리) 물체만 잘라 정사각형으로 만듭니다.",
        "en": "①–⑤ are the course notes' recipe, numbered in the notes' order: ① grayscale (cv2.cvtColor) → ② shrink to {size} with INTER_AREA → ③ invert (cv2.bitwise_not) → ④ divide by 255 so the values lie between 0 and 1 → ⑤ reshape. The pictures above are in the app's order: the app inverts (③) before it resizes (②) and, when automatic, only a picture on light paper. Steps marked + are the app's own additions, which make a sketch on paper or a photo look like the dataset's pictures: set the background to 0 (levels), crop to the object and pad to a square.",
    },
    # digit models, after predict.steps_explain: {box} the size of the picture marked ②,
    # {step} the name of the step that places it on the model's {size}
    "predict.steps_digit": {
        "ko": "숫자 모델은 MNIST를 만든 방법을 따릅니다: ②는 숫자를 {box} 상자로 줄인 그림이고, + {step} 단계가 그 상자를 {size} 틀에 놓고 무게중심을 가운데로 옮깁니다.",
        "en": "Digit models follow the way MNIST was made: ② is the digit shrunk into a {box} box, and the + {step} step places that box on the {size} frame with its centre of mass in the middle.",
    },
    # colour models, which get no marks: {invert} the invert choice's label (predict.invert.on)
    "predict.steps_colour": {
        "ko": "강의 노트의 방법은 흑백 그림을 위한 것이라 컬러 모델의 단계에는 번호가 없습니다: 이 앱은 사진의 가운데를 정사각형으로 잘라 INTER_AREA로 {size} 크기로 줄이고, 255로 나누어 0~1 사이 값으로 만듭니다. 색 반전은 '{invert}'를 고를 때만 합니다.",
        "en": "The course notes' recipe is for one-channel pictures, so a colour model's steps carry no numbers: the app crops the photo's centre to a square, shrinks it to {size} with INTER_AREA and divides by 255 so the values lie between 0 and 1. It inverts only when you choose “{invert}”.",
    },
    # the folded comparison (app_pages.predict.widgets.notes_ui)
    "predict.notes_header": {
        "ko": "강의 노트의 방법(①–⑤)만 쓰면?",
        "en": "The course notes' recipe (①–⑤) alone",
    },
    "predict.notes_explain": {
        "ko": "같은 원본을 강의 노트의 방법만으로 바꾼 그림과 그 답을, 이 앱의 그림과 답 옆에 놓았습니다. 강의 노트의 방법은 흰 종이에 물체가 꽉 차게 찍힌 사진에 맞습니다. 여백이 넓으면 물체가 작아지고, 종이가 회색이면 바탕이 0이 되지 않습니다.",
        "en": "The same original through the course notes' recipe alone, and the model's answer to it, beside the app's picture and answer. The notes' recipe suits a photo in which the object fills white paper: with wide margins the object comes out small, and grey paper leaves the background above 0.",
    },
    "predict.notes.notes": {"ko": "강의 노트의 방법", "en": "The notes' recipe"},
    "predict.notes.app": {"ko": "이 앱의 방법", "en": "The app's steps"},
    # a large original is read shrunk (cnn_core.image_files.decode_image); sizes are W×H
    "predict.shrunk": {
        "ko": "원본({original})이 커서, 긴 변이 {side}픽셀을 넘지 않게 줄여서({size}) 읽었습니다. 모델이 보는 그림은 어차피 훨씬 작습니다.",
        "en": "The original ({original}) is large, so it was read shrunk to {size}, at most {side} pixels on its longer side. What the model sees is much smaller anyway.",
    },
    "predict.inverted_yes": {"ko": "색을 뒤집었습니다.", "en": "Colours were inverted."},
    "predict.inverted_no": {"ko": "색을 뒤집지 않았습니다.", "en": "Colours were not inverted."},
    # results
    "predict.result_header": {"ko": "모델의 답", "en": "The model's answer"},
    "predict.answer": {
        "ko": "**{label}** (확률 {percent})",
        "en": "**{label}** (probability {percent})",
    },
    "predict.probability": {"ko": "확률", "en": "Probability"},
    "predict.batch_rejected": {
        "ko": "답을 얻지 못한 파일과 그 이유:",
        "en": "Files without an answer, and why:",
    },
    "predict.not_finite": {
        "ko": "모델의 출력이 숫자가 아닙니다(NaN 또는 무한대). 모델의 가중치가 망가져서(학습이 발산한 경우 등) 답을 낼 수 없습니다. 다른 모델을 고르거나 학습률을 낮춰 다시 학습해 보세요.",
        "en": "The model's output is not a number (NaN or infinity): its weights are broken (for instance by a training run that diverged), so it gives no answer. Pick another model, or train again with a smaller learning rate.",
    },
    "predict.unsure.low": {
        "ko": "모델이 확신하지 못합니다: 1위 확률이 {top}밖에 되지 않습니다.",
        "en": "The model is unsure: its top probability is only {top}.",
    },
    "predict.unsure.close": {
        "ko": "모델이 확신하지 못합니다: 1위 확률({top})이 2위보다 {margin}%p밖에 높지 않습니다.",
        "en": "The model is unsure: its top probability, {top}, is only {margin} percentage points ahead of the runner-up.",
    },
    "predict.unsure_check": {
        "ko": "데이터셋과 비슷한 그림인지, 색 반전이 맞는지 확인해 보세요.",
        "en": "Check that the picture looks like the dataset and that the inversion is right.",
    },
    "predict.gradcam_header": {
        "ko": "모델이 본 곳 (Grad-CAM, 가림 민감도)",
        "en": "Where the model looked (Grad-CAM, occlusion)",
    },
    "predict.gradcam_unavailable": {
        "ko": "이 모델에서는 Grad-CAM을 계산할 수 없습니다: {error}",
        "en": "Grad-CAM is not available for this model: {error}",
    },
    # batch
    "predict.batch_header": {"ko": "여러 이미지 결과", "en": "Results for several images"},
    "predict.col.image": {"ko": "이미지", "en": "Image"},
    "predict.col.class": {"ko": "예측", "en": "Prediction"},
    "predict.col.confidence": {"ko": "확률", "en": "Confidence"},
    "predict.col.message": {"ko": "메시지", "en": "Message"},
    "predict.download_csv": {"ko": "CSV로 내려받기", "en": "Download CSV"},
    "predict.pick_detail": {"ko": "자세히 볼 이미지", "en": "Image to look at closely"},
    "predict.file_error": {"ko": "{name}: {message}", "en": "{name}: {message}"},
    # rejection reasons (cnn_core.preprocess.ImageRejected.reason)
    "predict.reason.empty": {
        "ko": "빈 파일입니다(0바이트). 이미지를 다시 저장하거나 다른 파일을 올려 주세요.",
        "en": "The file is empty (0 bytes). Please save the picture again or upload another file.",
    },
    "predict.reason.not_image": {
        "ko": "이미지 파일이 아닙니다. {formats} 파일을 올려 주세요.",
        "en": "This is not an image file. Please upload one of these: {formats}.",
    },
    "predict.reason.unsupported": {
        "ko": "{format} 형식은 지원하지 않습니다. PNG나 JPEG로 저장해서 올려 주세요.",
        "en": "The {format} format is not supported. Please save it as PNG or JPEG.",
    },
    "predict.reason.truncated": {
        "ko": "{format} 파일이 손상되었거나 끝까지 저장되지 않았습니다. 이미지를 다시 저장하거나 다른 파일을 올려 주세요.",
        "en": "The {format} file is damaged or was cut off. Please save the picture again or upload another file.",
    },
    # too_large: {measured} is one of the two texts below (ui.image_input.rejection_message)
    "predict.reason.too_large": {
        "ko": "이미지가 너무 큽니다 ({measured}). 한도: 한 변 {max_side:,} 픽셀, {max_megapixels:g} 메가픽셀, 파일 {max_megabytes} MB. 더 작게 줄여 저장해서 올려 주세요.",
        "en": "The image is too large ({measured}). Limits: {max_side:,} pixels per side, {max_megapixels:g} megapixels, {max_megabytes} MB per file. Please save it smaller and upload that.",
    },
    "predict.reason.too_large.pixels": {
        "ko": "{width:,}×{height:,} 픽셀, {megapixels:g} 메가픽셀",
        "en": "{width:,}×{height:,} pixels, {megapixels:g} megapixels",
    },
    "predict.reason.too_large.file": {
        "ko": "파일 {megabytes:g} MB",
        "en": "a {megabytes:g} MB file",
    },
    # after too_large, for a 16-bit PNG (cnn_core.image_files.DEEP_MEGAPIXELS)
    "predict.reason.too_large.deep": {
        "ko": "색마다 16비트인 이미지는 8비트 이미지보다 메모리를 두 배로 쓰므로 메가픽셀 한도가 절반입니다. 8비트로 저장해서 올려 주세요.",
        "en": "An image with 16 bits per channel takes twice the memory of an 8-bit one, so its megapixel limit is half. Please save it with 8 bits per channel.",
    },
    "predict.reason.too_small": {
        "ko": "이미지가 너무 작습니다 ({width}×{height} 픽셀). 긴 변이 {min_side}픽셀 이상인 이미지를 올려 주세요.",
        "en": "The image is too small ({width}×{height} pixels). Please upload one whose longer side has at least {min_side} pixels.",
    },
    "predict.reason.animated": {
        "ko": "움직이는 {format} 이미지는 받지 않습니다 (어느 장면을 볼지 정할 수 없습니다). 한 장면만 저장해서 올려 주세요.",
        "en": "Animated {format} images are not accepted (which frame should the model see?). Please save a single frame.",
    },
    "predict.reason.blank": {
        "ko": "이미지가 비어 있습니다: 전체가 한 가지 색이라 보이는 것이 없습니다 (투명한 곳은 흰 종이로 봅니다). 물체나 그림이 보이는 이미지로 다시 해 보세요.",
        "en": "The image is blank: it is one flat colour, with nothing to see (transparent parts count as white paper). Try again with an image in which the object shows.",
    },
}
