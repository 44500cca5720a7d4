//! "Scan the QR code": the camera, a frame every 200 ms, and a decoder: the browser's own
//! `BarcodeDetector` where it has one, else the scanner worker (`src/scanner.rs`), a separate
//! wasm module loaded only now. What a QR code says is handed to the caller as text; whether it is
//! a receipt of this election is the caller's to decide.

use std::cell::Cell;
use std::rc::Rc;

use futures::channel::mpsc;
use futures::StreamExt;
use js_sys::{Array, Object, Promise, Reflect};
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    CanvasRenderingContext2d, HtmlCanvasElement, HtmlVideoElement, MediaStream,
    MediaStreamConstraints, MediaStreamTrack, MessageEvent, Worker, WorkerOptions, WorkerType,
};

use crate::shell::state::Shared;

/// Why the camera cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CameraProblem {
    /// No camera, or none the page may use.
    NoCamera,
    /// The person or the browser refused the camera.
    Denied,
}

/// Where scanning stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ScanState {
    Starting,
    Scanning { torch: Option<bool>, cameras: usize },
    Problem(CameraProblem),
}

/// The open camera and the flag that ends its scanning loop.
struct Camera {
    stream: Option<MediaStream>,
    stopped: Rc<Cell<bool>>,
}

impl Camera {
    /// Ends scanning and turns the camera off.
    fn end(&mut self) {
        self.stopped.set(true);
        if let Some(stream) = self.stream.take() {
            stop(&stream);
        }
    }
}

/// Frames are scaled down to at most this width before decoding.
const FRAME_WIDTH: u32 = 640;

fn call(target: &JsValue, method: &str, args: &Array) -> Result<JsValue, JsValue> {
    let f: js_sys::Function = Reflect::get(target, &method.into())?.dyn_into()?;
    f.apply(target, args)
}

/// The camera facing `facing` ("environment" or "user").
async fn open_camera(facing: &str) -> Result<MediaStream, CameraProblem> {
    let devices = window()
        .navigator()
        .media_devices()
        .map_err(|_| CameraProblem::NoCamera)?;
    let video = Object::new();
    let _ = Reflect::set(&video, &"facingMode".into(), &facing.into());
    let constraints = MediaStreamConstraints::new();
    constraints.set_video(&video);
    let promise = devices
        .get_user_media_with_constraints(&constraints)
        .map_err(|_| CameraProblem::NoCamera)?;
    match JsFuture::from(promise).await {
        Ok(stream) => Ok(stream.unchecked_into()),
        Err(e) => {
            let name = Reflect::get(&e, &"name".into())
                .ok()
                .and_then(|n| n.as_string())
                .unwrap_or_default();
            Err(match name.as_str() {
                "NotAllowedError" | "SecurityError" => CameraProblem::Denied,
                _ => CameraProblem::NoCamera,
            })
        }
    }
}

/// How many cameras the browser reports.
pub(crate) async fn video_inputs() -> usize {
    let Ok(devices) = window().navigator().media_devices() else {
        return 0;
    };
    let Ok(promise) = devices.enumerate_devices() else {
        return 0;
    };
    JsFuture::from(promise).await.map_or(0, |list| {
        Array::from(&list)
            .iter()
            .filter(|d| {
                Reflect::get(d, &"kind".into())
                    .ok()
                    .and_then(|k| k.as_string())
                    .is_some_and(|k| k == "videoinput")
            })
            .count()
    })
}

fn first_track(stream: &MediaStream) -> Option<MediaStreamTrack> {
    stream.get_video_tracks().get(0).dyn_into().ok()
}

fn stop(stream: &MediaStream) {
    for track in stream.get_tracks().iter() {
        if let Ok(track) = track.dyn_into::<MediaStreamTrack>() {
            track.stop();
        }
    }
}

/// Whether the camera has a torch (a light), as the browser reports it.
fn has_torch(track: &MediaStreamTrack) -> bool {
    call(track, "getCapabilities", &Array::new())
        .and_then(|caps| Reflect::get(&caps, &"torch".into()))
        .is_ok_and(|t| t.is_truthy())
}

fn set_torch(track: &MediaStreamTrack, on: bool) {
    let torch = Object::new();
    let _ = Reflect::set(&torch, &"torch".into(), &on.into());
    let constraints = Object::new();
    let _ = Reflect::set(&constraints, &"advanced".into(), &Array::of1(&torch));
    let _ = call(track, "applyConstraints", &Array::of1(&constraints));
}

/// Turns frames into QR text.
enum Decoder {
    /// The browser's `BarcodeDetector`.
    Native(JsValue),
    /// The scanner worker and the stream of its answers.
    Worker {
        worker: Worker,
        answers: mpsc::UnboundedReceiver<String>,
        /// Kept alive as long as the worker may answer.
        _on_message: Closure<dyn FnMut(MessageEvent)>,
    },
}

impl Decoder {
    async fn new() -> Option<Decoder> {
        if let Ok(class) = Reflect::get(&window(), &"BarcodeDetector".into()) {
            if let Ok(class) = class.dyn_into::<js_sys::Function>() {
                let options = Object::new();
                let _ = Reflect::set(&options, &"formats".into(), &Array::of1(&"qr_code".into()));
                if let Ok(detector) = Reflect::construct(&class, &Array::of1(&options)) {
                    return Some(Decoder::Native(detector));
                }
            }
        }
        let options = WorkerOptions::new();
        options.set_type(WorkerType::Module);
        let worker = Worker::new_with_options("./scanner_loader.js", &options).ok()?;
        let (sender, mut answers) = mpsc::unbounded();
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
            let _ = sender.unbounded_send(e.data().as_string().unwrap_or_default());
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        // The worker says "ready" once its wasm is loaded.
        (answers.next().await? == "ready").then_some(Decoder::Worker {
            worker,
            answers,
            _on_message: on_message,
        })
    }

    async fn decode(&mut self, canvas: &HtmlCanvasElement, grey: Vec<u8>) -> Option<String> {
        match self {
            Decoder::Native(detector) => {
                let promise: Promise = call(detector, "detect", &Array::of1(canvas))
                    .ok()?
                    .dyn_into()
                    .ok()?;
                let found = JsFuture::from(promise).await.ok()?;
                Array::from(&found)
                    .iter()
                    .find_map(|code| Reflect::get(&code, &"rawValue".into()).ok()?.as_string())
            }
            Decoder::Worker {
                worker, answers, ..
            } => {
                let bytes = js_sys::Uint8Array::from(grey.as_slice());
                let frame = Array::of3(&canvas.width().into(), &canvas.height().into(), &bytes);
                worker
                    .post_message_with_transfer(&frame, &Array::of1(&bytes.buffer()))
                    .ok()?;
                Some(answers.next().await?).filter(|t| !t.is_empty())
            }
        }
    }
}

impl Drop for Decoder {
    fn drop(&mut self) {
        if let Decoder::Worker { worker, .. } = self {
            worker.terminate();
        }
    }
}

/// The current frame of `video`, scaled into `canvas`, as greyscale bytes.
fn grey_frame(video: &HtmlVideoElement, canvas: &HtmlCanvasElement) -> Option<Vec<u8>> {
    let (w, h) = (video.video_width(), video.video_height());
    if w == 0 || h == 0 {
        return None;
    }
    let scale = (f64::from(FRAME_WIDTH) / f64::from(w)).min(1.0);
    let (cw, ch) = ((f64::from(w) * scale) as u32, (f64::from(h) * scale) as u32);
    canvas.set_width(cw);
    canvas.set_height(ch);
    let ctx: CanvasRenderingContext2d = canvas.get_context("2d").ok()??.dyn_into().ok()?;
    ctx.draw_image_with_html_video_element_and_dw_and_dh(video, 0.0, 0.0, cw.into(), ch.into())
        .ok()?;
    let rgba = ctx
        .get_image_data(0.0, 0.0, cw.into(), ch.into())
        .ok()?
        .data();
    Some(
        rgba.chunks_exact(4)
            .map(|p| {
                ((u32::from(p[0]) * 299 + u32::from(p[1]) * 587 + u32::from(p[2]) * 114) / 1000)
                    as u8
            })
            .collect(),
    )
}

/// The camera view. `on_text` receives the first QR code's text; the camera stops then, when
/// `on_close` is pressed, and when the view goes away.
#[component]
pub fn Scanner(on_text: Callback<String>, on_close: Callback<()>) -> impl IntoView {
    let shared = expect_context::<Shared>();
    let t = move || shared.lang.get().texts();
    let state = RwSignal::new(ScanState::Starting);
    let video_ref = NodeRef::<leptos::html::Video>::new();
    let camera = StoredValue::new_local(Camera {
        stream: None,
        stopped: Rc::new(Cell::new(false)),
    });
    let facing = StoredValue::new("environment");

    let start = move || {
        // Each camera start gets its own flag; setting the old one ends the old loop.
        let flag = Rc::new(Cell::new(false));
        camera.update_value(|c| {
            c.end();
            c.stopped = flag.clone();
        });
        state.set(ScanState::Starting);
        leptos::task::spawn_local(async move {
            let stream = match open_camera(facing.get_value()).await {
                Ok(s) => s,
                Err(problem) => return state.set(ScanState::Problem(problem)),
            };
            let Some(video) = video_ref.get_untracked().filter(|_| !flag.get()) else {
                return stop(&stream);
            };
            video.set_src_object(Some(&stream));
            let _ = video.play();
            let torch = first_track(&stream).filter(has_torch).map(|_| false);
            camera.update_value(|c| c.stream = Some(stream));
            state.set(ScanState::Scanning {
                torch,
                cameras: video_inputs().await,
            });
            let Some(mut decoder) = Decoder::new().await else {
                return state.set(ScanState::Problem(CameraProblem::NoCamera));
            };
            let Ok(canvas) = document().create_element("canvas") else {
                return;
            };
            let canvas: HtmlCanvasElement = canvas.unchecked_into();
            while !flag.get() {
                crate::api::sleep(200).await;
                let Some(grey) = grey_frame(&video, &canvas) else {
                    continue;
                };
                if let Some(text) = decoder.decode(&canvas, grey).await {
                    if !flag.get() {
                        camera.update_value(Camera::end);
                        on_text.run(text);
                    }
                }
            }
        });
    };
    start();
    on_cleanup(move || camera.update_value(Camera::end));
    let toggle_torch = move |_| {
        if let ScanState::Scanning {
            torch: Some(on),
            cameras,
        } = state.get_untracked()
        {
            if let Some(track) = camera.with_value(|c| c.stream.as_ref().and_then(first_track)) {
                set_torch(&track, !on);
            }
            state.set(ScanState::Scanning {
                torch: Some(!on),
                cameras,
            });
        }
    };
    let switch = move |_| {
        facing.set_value(if facing.get_value() == "environment" {
            "user"
        } else {
            "environment"
        });
        start();
    };
    let close = move |_| {
        camera.update_value(Camera::end);
        on_close.run(());
    };
    view! {
        <section class="scanner" data-testid="scanner">
            <video node_ref=video_ref playsinline=true muted=true autoplay=true aria-hidden="true"></video>
            <p class="scan-status" role="status" data-scan=move || match state.get() {
                ScanState::Starting => "starting",
                ScanState::Scanning { .. } => "scanning",
                ScanState::Problem(CameraProblem::NoCamera) => "no-camera",
                ScanState::Problem(CameraProblem::Denied) => "denied",
            }>{move || match state.get() {
                ScanState::Starting | ScanState::Scanning { .. } => t().scan_hint,
                ScanState::Problem(CameraProblem::NoCamera) => t().scan_no_camera,
                ScanState::Problem(CameraProblem::Denied) => t().scan_denied,
            }}</p>
            <div class="actions">
                <button type="button" class="secondary" on:click=close>{move || t().scan_stop}</button>
                {move || matches!(state.get(), ScanState::Scanning { torch: Some(_), .. }).then(|| view! {
                    <button type="button" class="secondary" aria-pressed=move || matches!(state.get(), ScanState::Scanning { torch: Some(true), .. }).to_string()
                        on:click=toggle_torch>{move || t().scan_torch}</button>
                })}
                {move || matches!(state.get(), ScanState::Scanning { cameras, .. } if cameras > 1).then(|| view! {
                    <button type="button" class="secondary" on:click=switch>{move || t().scan_switch}</button>
                })}
            </div>
        </section>
    }
}
